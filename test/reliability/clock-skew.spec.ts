import { bind } from '../e2e/fixtures';
import { badge } from '../e2e/worker-inspect';
import { badgeFor, checkDelivery, unreadCount, waitStored } from './checks';
import { BURST_WINDOW_MS } from '../../lib/notifications/notifier';
import { STARTUP_PRUNE_DELAY_MS } from '../../lib/worker/alarms';
import { callWorker, expect, hook, report, send, sleep, status, test } from './fixtures';
import { collectProbe, installProbe, probeEvents } from './probe';
import { launchSkewed } from './skewed-browser';

const HOUR = 60 * 60_000;

/**
 * The browser's clock is wrong, the server's is right: the worker compares the server's
 * createTime with its own clock for the 24 h notification window, the catch-up horizon and
 * retention (docs/protocol.md §3), so each is checked against a skew both ways. The skew is
 * real: Chromium runs under libfaketime (see skewed-browser.ts).
 */
const SKEWS = [
  { name: '5 h slow', faketime: '-5h' },
  { name: '2 h fast', faketime: '+2h' },
  { name: '8 days fast', faketime: '+8d' },
];

for (const skew of SKEWS) {
  test(`the browser clock ${skew.name}: the 24 h window and retention follow the server's clock`, async ({
    server,
  }) => {
    test.setTimeout(120_000);
    const started = Date.now();
    const ext = await launchSkewed(server.url, skew.faketime);
    try {
      const page = await ext.context.newPage();
      await page.goto(`chrome-extension://${ext.extensionId}/offscreen.html`);
      const browserSkewMs = (await ext.worker.evaluate(() => Date.now())) - Date.now();
      await collectProbe(page);
      await installProbe(ext.worker);
      await bind(page, server);
      const live = [(await send(server, { content: 'live before' })).messageId];
      await waitStored(ext.worker, live);

      // Arrange: while the socket is down, messages created 26 h, 23 h and just now (server).
      await hook(server, 'refuse', { on: true, drop: true });
      await hook(server, 'clock', { offsetMs: -26 * HOUR });
      const old = (await send(server, { content: 'created 26 h ago' })).messageId;
      await hook(server, 'clock', { offsetMs: -23 * HOUR });
      const dayOld = (await send(server, { content: 'created 23 h ago' })).messageId;
      await hook(server, 'clock', { offsetMs: 0 });
      const fresh = (await send(server, { content: 'created just now' })).messageId;

      // Act: the socket comes back (replay of the last 24 h, then catch-up); a live push; then
      // a new worker instance, which prunes by retention STARTUP_PRUNE_DELAY_MS after it starts.
      await hook(server, 'refuse', { on: false });
      await callWorker(page, 'reconnect');
      await waitStored(ext.worker, [old, dayOld, fresh]);
      // Past the burst window, so each notification is its own (none folds into a summary).
      await sleep(BURST_WINDOW_MS + 500);
      live.push((await send(server, { content: 'live after' })).messageId);
      await waitStored(ext.worker, live);
      // The probe reports a write to this page asynchronously: stopping the worker before that
      // report arrives would lose the observation (not the message, which is stored).
      const liveAfter = live[live.length - 1]!;
      await expect
        .poll(async () =>
          (await probeEvents(page)).some((e) => e.k === 'write' && e.added.includes(liveAfter)),
        )
        .toBe(true);
      const cdp = await ext.context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await callWorker(page, 'getStatus');
      await installProbe(ext.worker);
      await expect
        .poll(async () => (await status(page)).connection.kind, { timeout: 20_000 })
        .toBe('connected');
      await sleep(STARTUP_PRUNE_DELAY_MS + 2_000);

      // Assert: all kept; everything younger than 24 h by the server notified once, the
      // 26 h-old one stored quietly.
      const result = await checkDelivery(page, ext.worker, [...live, old, dayOld, fresh]);
      const created = (await probeEvents(page))
        .filter((e) => e.k === 'create')
        .map((e) => (e.k === 'create' ? e.id : ''));
      expect(created.sort()).toEqual([...live, dayOld, fresh].map((m) => `wxp-msg:${m}`).sort());
      expect(await badge(ext.worker)).toBe(badgeFor(await unreadCount(ext.worker)));
      report(`browser clock ${skew.name}`, {
        browserSkewHours: Math.round(browserSkewMs / HOUR),
        stored: result.stored.length,
        notified: created.length,
        seconds: (Date.now() - started) / 1000,
      });
    } finally {
      await ext.close();
    }
  });
}
