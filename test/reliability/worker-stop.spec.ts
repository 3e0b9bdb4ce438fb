import { checkDelivery } from './checks';
import {
  callWorker,
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
import { installProbe } from './probe';
import { countStored } from '../e2e/worker-inspect';

const MESSAGES = 500;
const STOPS = 20;

test('the worker stopped through CDP 20 times during a 500-message stream loses and repeats nothing', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(240_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');
  const every = Math.floor(MESSAGES / STOPS); // a stop every 25 messages
  const sent: number[] = [];
  const instances = new Set<string>();
  let stops = 0;

  // Act: a stream; every 25 messages the worker is stopped while the last sends are still
  // being written, 5 more are sent while it is down, then it is revived.
  for (let i = 0; i < MESSAGES; i++) {
    sent.push((await send(server, { content: `stream ${i}` })).messageId);
    if (i % every === every - 6 && stops < STOPS) {
      // The revived worker's first dial and catch-up are refused, so the probe is in place
      // before any replay reaches it (the probe must see every write to prove "notified at
      // most once"); a watchdog alarm can start an instance meanwhile, and it catches up.
      await hook(server, 'refuse', { on: true, calls: true });
      await cdp.send('ServiceWorker.stopAllWorkers');
      stops++;
    }
    if (i % every === every - 1 && stops > 0 && instances.size < stops) {
      // Revive it as the popup would: a runtime message from an extension page.
      await callWorker(extPage, 'getStatus');
      instances.add(await installProbe(ext.worker));
      await hook(server, 'refuse', { on: false });
      // Its refused dial left it waiting out a 1 s backoff: dial now, as "Reconnect" does.
      await callWorker(extPage, 'reconnect');
      await expect
        .poll(async () => (await status(extPage)).connection.kind, { timeout: 10_000 })
        .toBe('connected');
    }
    await sleep(10);
  }

  // Assert
  const result = await checkDelivery(extPage, ext.worker, sent, {
    // A stop can cut the broadcast of the write in progress (a batch of the last few sends).
    unobservedUpTo: STOPS * 5,
  });
  const stats = await serverStats(server);
  expect(stops).toBe(STOPS);
  expect(instances.size).toBe(STOPS);
  expect(stats.pendingReplays).toBe(0);
  report('worker stopped 20 times', {
    messages: sent.length,
    stops,
    workerInstances: instances.size + 1,
    notificationCreates: result.creates,
    writesCutByAStop: result.notAdded.length,
    badge: result.badge,
    unread: result.unread,
    seconds: (Date.now() - started) / 1000,
  });
});

test('the worker stopped in the middle of a 300-message replay gets the rest on its next start, after newer ones', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');
  const sent: number[] = [];

  // Arrange: 300 messages wait on the server while the worker is stopped (and its catch-up
  // is refused, as in the test above).
  await hook(server, 'refuse', { on: true, calls: true });
  await cdp.send('ServiceWorker.stopAllWorkers');
  for (let i = 0; i < 300; i++)
    sent.push((await send(server, { content: `pending ${i}` })).messageId);

  // Act: revive; the server writes all 300 into the new socket at once; stop the worker while
  // it is still storing them (the server counts them as pushed), then revive it again.
  await callWorker(extPage, 'getStatus');
  await installProbe(ext.worker);
  await hook(server, 'refuse', { on: false });
  await callWorker(extPage, 'reconnect');
  await expect
    .poll(async () => (await serverStats(server)).pendingReplays, { timeout: 10_000 })
    .toBe(0);
  await sleep(150);
  // Connections and catch-up are refused until the next instance carries the probe, so every
  // write it makes is seen (else an instance the watchdog alarm starts may store the 40 below
  // before the probe is in: a race, not a loss).
  await hook(server, 'refuse', { on: true, calls: true });
  await cdp.send('ServiceWorker.stopAllWorkers');
  // 40 more arrive while it is down: the next start gets them pushed, newest first in the list.
  for (let i = 0; i < 40; i++) sent.push((await send(server, { content: `later ${i}` })).messageId);
  const storedAtStop = await countStored(ext.worker);
  await callWorker(extPage, 'getStatus');
  await installProbe(ext.worker);
  await hook(server, 'refuse', { on: false });
  await callWorker(extPage, 'reconnect');

  // Assert: the catch-up of the new instance finds what the stopped one never stored.
  const result = await checkDelivery(extPage, ext.worker, sent, { unobservedUpTo: 300 });
  report('worker stopped mid-replay', {
    messages: sent.length,
    storedWhenStopped: storedAtStop,
    writesCutByTheStop: result.notAdded.length,
    notificationCreates: result.creates,
    seconds: (Date.now() - started) / 1000,
  });
});
