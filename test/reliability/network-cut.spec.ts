import { BACKOFF_JITTER, BACKOFF_MIN_MS, BACKOFF_SCHEDULE_S } from '../../lib/push/backoff';
import type { ConnectionView } from '../../lib/protocol';
import { buildExtension, launchExtension } from '../e2e/extension';
import { checkDelivery } from './checks';
import { startCutRelay, type CutRelay } from '../e2e/cut-relay';
import {
  callWorker,
  expect,
  probeAndBind,
  report,
  send,
  serverStats,
  sleep,
  status,
  test as base,
} from './fixtures';
import { installProbe } from './probe';

const CEILING_MS = BACKOFF_SCHEDULE_S[BACKOFF_SCHEDULE_S.length - 1]! * 1000;
/** The attempt times come from polling the relay's counter this often. */
const POLL_MS = 200;

/** The extension talks to the server through a relay the test can cut (cut-relay.ts). */
const test = base.extend<{ relay: CutRelay }>({
  relay: async ({ server }, use) => {
    const relay = await startCutRelay(server.port);
    await use(relay);
    await relay.close();
  },
  ext: async ({ relay }, use) => {
    const ext = await launchExtension(await buildExtension(relay.url));
    await use(ext);
    await ext.close();
  },
});

test('the network path cut for longer than the backoff ceiling: attempts follow the schedule across a worker restart, and the restored network reconnects within seconds', async ({
  server,
  relay,
  ext,
  extPage,
}) => {
  test.setTimeout(6 * 60_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const sent: number[] = [];
  for (let i = 0; i < 5; i++) sent.push((await send(server, { content: `before ${i}` })).messageId);

  // Act: cut the path (HTTP and WebSocket) and record each refused dial as the relay sees it.
  // Messages keep being sent to the server meanwhile.
  relay.cut();
  const cutAt = Date.now();
  const attempts: number[] = [];
  let refused = 0;
  let nextSend = cutAt + 10_000;
  let restartedAfter: number | null = null;
  const poll = () => {
    const now = relay.counts().refusedUpgrades;
    for (; refused < now; refused++) attempts.push(Date.now());
  };
  // The dropped socket is failure 1, each refused dial one more. Cut until the dial that ends
  // the 60 s step is refused: the worker then waits out the ceiling, 120 s, the case where
  // waiting for the schedule costs the most.
  const LAST = BACKOFF_SCHEDULE_S.length - 1;
  while (attempts.length < LAST) {
    poll();
    if (Date.now() >= nextSend && sent.length < 20) {
      sent.push((await send(server, { content: `during the cut ${sent.length}` })).messageId);
      nextSend += 10_000;
    }
    if (restartedAfter === null && attempts.length === 5) {
      // Chrome stops the worker while it waits out the 30 s step; the watchdog (here a page's
      // message) starts a new one, which must go on with the schedule, not start it over.
      const before = (await status(extPage)).connection as Extract<
        ConnectionView,
        { kind: 'retrying' }
      >;
      expect(before).toMatchObject({ kind: 'retrying', attempt: 6 });
      const cdp = await ext.context.newCDPSession(extPage);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await callWorker(extPage, 'getStatus');
      await installProbe(ext.worker);
      const after = (await status(extPage)).connection;
      expect(after).toMatchObject({ kind: 'retrying', attempt: 6, retryAt: before.retryAt });
      restartedAfter = attempts.length;
      await cdp.detach();
    }
    await sleep(POLL_MS);
  }
  const waiting = (await status(extPage)).connection as Extract<
    ConnectionView,
    { kind: 'retrying' }
  >;
  expect(waiting.kind).toBe('retrying');
  relay.restore();
  const restoredAt = Date.now();
  await expect
    .poll(async () => (await serverStats(server)).connections, {
      timeout: 30_000,
      intervals: [POLL_MS],
    })
    .toBe(1);
  const reconnectedAt = Date.now();

  // Assert: the gaps between attempts follow the schedule (±20 % jitter, plus the polling
  // resolution), also across the worker restart; no more attempts than the schedule allows.
  const gaps = attempts.map((t, i) => t - (i === 0 ? cutAt : attempts[i - 1]!));
  const slack = 2 * POLL_MS + 500;
  gaps.forEach((gap, i) => {
    const step = BACKOFF_SCHEDULE_S[Math.min(i, BACKOFF_SCHEDULE_S.length - 1)]! * 1000;
    expect(gap, `gap ${i}`).toBeGreaterThanOrEqual(
      Math.max(BACKOFF_MIN_MS, step * (1 - BACKOFF_JITTER)) - slack,
    );
    expect(gap, `gap ${i}`).toBeLessThanOrEqual(step * (1 + BACKOFF_JITTER) + slack);
  });
  expect(attempts.length).toBe(LAST);
  expect(waiting.retryAt - restoredAt).toBeGreaterThan(CEILING_MS * (1 - BACKOFF_JITTER) - 5_000);
  // The restored network was noticed (navigator.onLine, then a probe of the server) before the
  // redial the 120 s step had scheduled.
  expect(reconnectedAt).toBeLessThan(waiting.retryAt);
  await expect.poll(async () => (await status(extPage)).connection.kind).toBe('connected');
  const result = await checkDelivery(extPage, ext.worker, sent, { unobservedUpTo: 0 });
  report('network cut', {
    cutSeconds: (restoredAt - cutAt) / 1000,
    attempts: attempts.length,
    gapsSeconds: gaps.map((g) => Math.round(g / 100) / 10),
    workerRestartedAfterAttempt: restartedAfter,
    scheduledRedialSecondsAfterRestore: Math.round((waiting.retryAt - restoredAt) / 100) / 10,
    reconnectSecondsAfterRestore: (reconnectedAt - restoredAt) / 1000,
    messages: sent.length,
    badge: result.badge,
    seconds: (Date.now() - started) / 1000,
  });
});
