import { bind, expect, send, test } from '../e2e/fixtures';
import { startServer } from '../e2e/server-process';
import { badge, storedMids } from '../e2e/worker-inspect';
import { SUMMARY_NOTIFICATION_ID } from '../../lib/notifications/mapper';
import { REPLACE_EVERY_MS } from '../../lib/platform/notifications';
import { collectProbe, installProbe, probeEvents } from '../reliability/probe';
import { ffStatus, openFirefox } from './harness';

/** Firefox's idle timeout for background pages, shortened from its 30 s default. */
const IDLE_TIMEOUT_MS = 1_000;

test('past Firefox’s idle timeout the background page stays up, and messages arrive at once', async () => {
  const server = await startServer();
  const ext = await openFirefox(server, {
    prefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS },
  });
  try {
    await bind(ext.page, server);
    const connectedAt = (await ffStatus(ext.page)).lastConnectedAt;
    // A marker in the running page: a suspended and restarted one would not have it.
    await ext.bg.evaluate(() => ((self as unknown as { marker: string }).marker = 'first'));

    // Idle for five timeouts: no event reaches the extension, only its own socket heartbeat.
    await new Promise((r) => setTimeout(r, 5 * IDLE_TIMEOUT_MS));
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) sent.push((await send(server, { content: `idle ${i}` })).messageId);

    // The server pushed them into the open socket at once (nothing waits for a replay)…
    const stats = (await (await fetch(`${server.url}/__test/stats`)).json()) as {
      data: { connections: number; pendingReplays: number };
    };
    expect(stats.data).toMatchObject({ connections: 1, pendingReplays: 0 });
    // …and the same page, never suspended nor reconnected, stored each once.
    await expect.poll(() => storedMids(ext.bg)).toEqual(sent);
    expect(await ext.bg.evaluate(() => (self as unknown as { marker?: string }).marker)).toBe(
      'first',
    );
    const s = await ffStatus(ext.page);
    expect(s.lastConnectedAt).toBe(connectedAt);
    expect(s.counters.messagesStored).toBe(5);
    await expect.poll(() => badge(ext.bg)).toBe('5');
  } finally {
    await ext.close();
    await server.stop();
  }
});

test('messages sent while Firefox was closed arrive once when it starts again', async () => {
  const server = await startServer();
  const ext = await openFirefox(server);
  const profileDir = ext.ff.profileDir;
  let again: Awaited<ReturnType<typeof openFirefox>> | undefined;
  try {
    await bind(ext.page, server);
    const first = (await send(server, { content: 'before closing' })).messageId;
    await expect.poll(() => storedMids(ext.bg)).toEqual([first]);
    // Closed, keeping the profile (the add-on is installed in it, like a user's).
    await ext.ff.browser.close();

    const missed: number[] = [];
    for (let i = 0; i < 4; i++) {
      missed.push((await send(server, { content: `missed ${i}` })).messageId);
    }

    again = await openFirefox(server, { profileDir });
    await expect.poll(() => storedMids(again!.bg), { timeout: 30_000 }).toEqual([first, ...missed]);
    await expect.poll(() => badge(again!.bg)).toBe('5');
    const s = await ffStatus(again.page);
    expect(s.binding.kind).toBe('bound');
    // Each missed message added once by the page that started with Firefox, and notified.
    // (Notified at most once each is checked by the reliability scenario, with its probe.)
    expect(s.counters.messagesStored).toBe(4);
    expect(s.counters.notificationsRaised).toBeGreaterThanOrEqual(1);
  } finally {
    await again?.close();
    await ext.close();
  }
  await server.stop();
});

test('a burst raises one summary, shown again at most every 2 s, ending on the whole count', async () => {
  // Faster than one sender may send to the service: the local server's limits are lifted.
  const server = await startServer({ args: ['--no-rate-limit'] });
  const ext = await openFirefox(server);
  try {
    await bind(ext.page, server);
    await collectProbe(ext.page);
    await installProbe(ext.bg);
    const burst = 40;
    const startedAt = Date.now();
    const sent: number[] = [];
    for (let i = 0; i < burst; i++) {
      sent.push((await send(server, { content: `burst ${i}` })).messageId);
      await new Promise((r) => setTimeout(r, 100));
    }
    await expect.poll(() => storedMids(ext.bg), { timeout: 15_000 }).toEqual(sent);
    const createdNow = async () =>
      (await probeEvents(ext.page)).flatMap((e) => (e.k === 'create' ? [e] : []));
    const lastSummary = async () =>
      (await createdNow()).filter((e) => e.id === SUMMARY_NOTIFICATION_ID).at(-1);
    // Firefox has no update in place: the summary is shown again, its last count within 2 s.
    await expect
      .poll(async () => (await lastSummary())?.message, { timeout: 5_000 })
      .toBe(`${burst} new messages`);
    const elapsed = Date.now() - startedAt;
    const creates = await createdNow();
    const summaries = creates.filter((e) => e.id === SUMMARY_NOTIFICATION_ID);
    // Each showing closes the one before, and Firefox tells of that close after the new one
    // is up: taken for the summary's own close, it was raised anew for every few messages.
    expect(summaries.length).toBeLessThanOrEqual(3 + Math.ceil(elapsed / REPLACE_EVERY_MS));
    // Three messages of their own, then one summary: the showings after it are not new alerts.
    // (A send held up over 2 s would start a second burst: three more of their own at most.)
    const own = creates.length - summaries.length;
    expect(own).toBeGreaterThanOrEqual(3);
    expect(own).toBeLessThanOrEqual(6);
    expect((await ffStatus(ext.page)).counters.notificationsRaised).toBeLessThanOrEqual(own + 2);
  } finally {
    await ext.close();
  }
  await server.stop();
});
