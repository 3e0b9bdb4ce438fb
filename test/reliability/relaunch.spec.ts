import { buildExtension, launchExtension } from '../e2e/extension';
import { badge } from '../e2e/worker-inspect';
import { badgeFor, checkDelivery, unreadCount, waitStored } from './checks';
import { expect, hook, probeAndBind, report, send, sleep, status, test } from './fixtures';
import { collectProbe, installProbe, probeEvents } from './probe';

const DAY = 24 * 60 * 60_000;

test('browser closed and relaunched on the same profile; messages older than 24 h are stored, not notified', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const live: number[] = [];
  for (let i = 0; i < 10; i++) live.push((await send(server, { content: `live ${i}` })).messageId);
  await waitStored(ext.worker, live);
  const userDataDir = ext.userDataDir;
  await ext.close();

  // While closed: 10 messages created 25 h ago (server clock), then 10 recent ones.
  await hook(server, 'clock', { offsetMs: -(DAY + 60 * 60_000) });
  const old: number[] = [];
  for (let i = 0; i < 10; i++) old.push((await send(server, { content: `old ${i}` })).messageId);
  await hook(server, 'clock', { offsetMs: 0 });
  const recent: number[] = [];
  for (let i = 0; i < 10; i++)
    recent.push((await send(server, { content: `recent ${i}` })).messageId);
  await sleep(3_000); // closed "for a while"

  // Relaunch with connections refused at first, so the probe is in the new worker before
  // anything arrives; then let it connect.
  await hook(server, 'refuse', { on: true });
  const again = await launchExtension(await buildExtension(server.url), userDataDir);
  try {
    const page = await again.context.newPage();
    await page.goto(`chrome-extension://${again.extensionId}/offscreen.html`);
    await collectProbe(page);
    await installProbe(again.worker);
    await hook(server, 'refuse', { on: false });

    // Assert: all 30 stored exactly once; the old 10 never notified.
    const result = await checkDelivery(page, again.worker, [...old, ...recent], {
      alsoStored: live,
    });
    const events = await probeEvents(page);
    const oldIds = new Set(old.map((m) => `wxp-msg:${m}`));
    expect(events.filter((e) => e.k === 'create' && oldIds.has(e.id))).toEqual([]);
    // A replay of 10 becomes one summary; its count is the notified messages: the recent 10.
    const summaries = events.filter((e) => e.k !== 'write' && e.id === 'wxp-summary');
    const counted = Math.max(
      0,
      ...summaries.map((e) => Number(/\d+/.exec(e.k !== 'write' ? e.message : '')?.[0] ?? 0)),
    );
    const individual = events.filter((e) => e.k === 'create' && e.id !== 'wxp-summary').length;
    expect(Math.max(counted, individual)).toBe(recent.length);
    const s = await status(page);
    expect(s.counters.messagesStored).toBe(20);
    expect(await badge(again.worker)).toBe(badgeFor(await unreadCount(again.worker)));
    report('browser relaunched', {
      stored: result.stored.length,
      oldStoredNotNotified: old.length,
      notifiedInSummary: counted,
      notificationCreates: result.creates,
      badge: result.badge,
      seconds: (Date.now() - started) / 1000,
    });
  } finally {
    await again.close();
  }
});
