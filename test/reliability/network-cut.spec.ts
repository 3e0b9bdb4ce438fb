import { BACKOFF_JITTER, BACKOFF_MIN_MS, BACKOFF_SCHEDULE_S } from '../../lib/push/backoff';
import { checkDelivery } from './checks';
import {
  expect,
  hook,
  probeAndBind,
  report,
  send,
  serverStats,
  sleep,
  status,
  test,
} from './fixtures';

const CEILING_MS = BACKOFF_SCHEDULE_S[BACKOFF_SCHEDULE_S.length - 1]! * 1000;
/** The server-side attempt times come from polling its counter this often. */
const POLL_MS = 200;

test('the network path cut for longer than the backoff ceiling: attempts follow the schedule, reconnect within one step', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(7 * 60_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const sent: number[] = [];
  for (let i = 0; i < 5; i++) sent.push((await send(server, { content: `before ${i}` })).messageId);

  // Act: cut (open socket dropped, every new one refused with 503) for longer than the
  // ceiling; record each refused attempt as the server sees it. Messages keep being sent.
  await hook(server, 'refuse', { on: true, drop: true });
  const cutAt = Date.now();
  const attempts: number[] = [];
  let refused = (await serverStats(server)).refusedUpgrades;
  let nextSend = cutAt + 10_000;
  // Restore once the cut has outlasted the ceiling: the worker is then waiting out its
  // longest step (or about to enter it), the worst case for "within one backoff step".
  while (Date.now() - cutAt <= CEILING_MS + 1_000) {
    const now = (await serverStats(server)).refusedUpgrades;
    for (; refused < now; refused++) attempts.push(Date.now());
    if (Date.now() >= nextSend && sent.length < 20) {
      sent.push((await send(server, { content: `during the cut ${sent.length}` })).messageId);
      nextSend += 10_000;
    }
    await sleep(POLL_MS);
  }
  await hook(server, 'refuse', { on: false });
  const restoredAt = Date.now();
  await expect
    .poll(async () => (await serverStats(server)).connections, {
      timeout: CEILING_MS * 1.5,
      intervals: [POLL_MS],
    })
    .toBe(1);
  const reconnectedAt = Date.now();

  // Assert: the gaps between attempts follow the schedule (±20 % jitter, plus the polling
  // resolution), no more attempts than the schedule allows, and the reconnect came within
  // one (the longest) step of the restore.
  const gaps = attempts.map((t, i) => t - (i === 0 ? cutAt : attempts[i - 1]!));
  const slack = 2 * POLL_MS + 300;
  gaps.forEach((gap, i) => {
    const step = BACKOFF_SCHEDULE_S[Math.min(i, BACKOFF_SCHEDULE_S.length - 1)]! * 1000;
    expect(gap, `gap ${i}`).toBeGreaterThanOrEqual(
      Math.max(BACKOFF_MIN_MS, step * (1 - BACKOFF_JITTER)) - slack,
    );
    expect(gap, `gap ${i}`).toBeLessThanOrEqual(step * (1 + BACKOFF_JITTER) + slack);
  });
  expect(attempts.length).toBeLessThanOrEqual(BACKOFF_SCHEDULE_S.length);
  expect(reconnectedAt - restoredAt).toBeLessThanOrEqual(CEILING_MS * (1 + BACKOFF_JITTER) + slack);
  await expect.poll(async () => (await status(extPage)).connection.kind).toBe('connected');
  const result = await checkDelivery(extPage, ext.worker, sent);
  report('network cut', {
    cutSeconds: (restoredAt - cutAt) / 1000,
    attempts: attempts.length,
    gapsSeconds: gaps.map((g) => Math.round(g / 100) / 10),
    reconnectSecondsAfterRestore: (reconnectedAt - restoredAt) / 1000,
    messages: sent.length,
    badge: result.badge,
    seconds: (Date.now() - started) / 1000,
  });
});
