import { startServer } from '../e2e/server-process';
import { badge } from '../e2e/worker-inspect';
import { openFirefox } from '../firefox/harness';
import { badgeFor, checkDelivery, unreadCount, waitStored } from './checks';
import { test } from './firefox-fixtures';
import { callWorker, expect, hook, probeAndBind, report, send, sleep, status } from './fixtures';
import { collectProbe, installProbe, probeEvents } from './probe';

const DAY = 24 * 60 * 60_000;

test('Firefox: the server killed and restarted mid-stream (same data file): nothing lost or repeated', async ({
  server,
  ffx,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  await probeAndBind(ffx.page, ffx.bg, server);
  const sent: number[] = [];
  for (let i = 0; i < 30; i++) {
    sent.push((await send(server, { content: `before ${i}` })).messageId);
    await sleep(30);
  }

  // Stopped right after the last send, while the extension is still taking the stream in;
  // started again 2 s later on the same port and data file.
  await server.stop();
  const downAt = Date.now();
  await sleep(2_000);
  const again = await startServer({
    dataFile: server.dataFile,
    port: server.port,
    args: ['--no-rate-limit'],
  });
  try {
    for (let i = 0; i < 30; i++) {
      sent.push((await send(again, { content: `after ${i}` })).messageId);
      await sleep(30);
    }
    await expect
      .poll(async () => (await status(ffx.page)).connection.kind, { timeout: 30_000 })
      .toBe('connected');
    const reconnectedAfter = ((await status(ffx.page)).lastConnectedAt ?? 0) - downAt;
    const result = await checkDelivery(ffx.page, ffx.bg, sent);
    expect(new Set(sent).size).toBe(60);
    report('Firefox: server restarted', {
      messages: sent.length,
      reconnectedMsAfterStop: reconnectedAfter,
      notificationCreates: result.creates,
      badge: result.badge,
      seconds: (Date.now() - started) / 1000,
    });
  } finally {
    await again.stop();
  }
});

test('Firefox closed and started again on the same profile; messages older than 24 h are stored, not notified', async ({
  server,
  ffx,
}) => {
  test.setTimeout(180_000);
  const started = Date.now();
  await probeAndBind(ffx.page, ffx.bg, server);
  const live: number[] = [];
  for (let i = 0; i < 10; i++) live.push((await send(server, { content: `live ${i}` })).messageId);
  await waitStored(ffx.bg, live);
  const profileDir = ffx.ff.profileDir;
  await ffx.ff.browser.close();

  // While closed: 10 messages created 25 h ago (server clock), then 10 recent ones.
  await hook(server, 'clock', { offsetMs: -(DAY + 60 * 60_000) });
  const old: number[] = [];
  for (let i = 0; i < 10; i++) old.push((await send(server, { content: `old ${i}` })).messageId);
  await hook(server, 'clock', { offsetMs: 0 });
  const recent: number[] = [];
  for (let i = 0; i < 10; i++)
    recent.push((await send(server, { content: `recent ${i}` })).messageId);
  await sleep(3_000); // closed "for a while"

  // Started again with connections refused at first, so the probe is in the background page
  // before anything arrives; then it may connect.
  await hook(server, 'refuse', { on: true });
  const again = await openFirefox(server, { profileDir });
  try {
    await collectProbe(again.page);
    await installProbe(again.bg);
    await hook(server, 'refuse', { on: false });
    // Its refused dial left it waiting out a backoff: dial now, as "Reconnect" does.
    await callWorker(again.page, 'reconnect');

    const result = await checkDelivery(again.page, again.bg, [...old, ...recent], {
      alsoStored: live,
    });
    const events = await probeEvents(again.page);
    const oldIds = new Set(old.map((m) => `wxp-msg:${m}`));
    expect(events.filter((e) => e.k === 'create' && oldIds.has(e.id))).toEqual([]);
    // A replay of 10 becomes one summary; its count is the notified messages: the recent 10.
    const counted = Math.max(
      0,
      ...events.flatMap((e) =>
        e.k !== 'write' && e.id === 'wxp-summary' ? [Number(/\d+/.exec(e.message)?.[0] ?? 0)] : [],
      ),
    );
    const individual = events.filter((e) => e.k === 'create' && e.id !== 'wxp-summary').length;
    expect(Math.max(counted, individual)).toBe(recent.length);
    const s = await status(again.page);
    expect(s.counters.messagesStored).toBe(20);
    expect(await badge(again.bg)).toBe(badgeFor(await unreadCount(again.bg)));
    report('Firefox: closed and started again', {
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
