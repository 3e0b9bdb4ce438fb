import { checkDelivery } from './checks';
import { callWorker, expect, hook, probeAndBind, report, send, status, test } from './fixtures';
import { installProbe, probeEvents } from './probe';
import { notificationIds, storedMids, type Evaluator } from '../e2e/worker-inspect';

/**
 * Holds a read-write transaction on the messages store open from an extension page, so the
 * worker's next write waits behind it (IndexedDB runs overlapping read-write transactions one
 * at a time) and cannot commit until `releaseWrites`.
 */
function holdWrites(page: Evaluator): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const w = window as unknown as { __release?: () => void };
        const open = indexedDB.open('wxpusher');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('messages', 'readwrite');
          const store = tx.objectStore('messages');
          let held = true;
          w.__release = () => (held = false);
          // A transaction stays open while it has a request pending: keep one going.
          const spin = () => {
            if (held) store.count().onsuccess = spin;
          };
          spin();
          tx.oncomplete = () => open.result.close();
          resolve();
        };
      }),
  );
}

function releaseWrites(page: Evaluator): Promise<void> {
  return page.evaluate(() => (window as unknown as { __release?: () => void }).__release?.());
}

test('the worker stopped after notifying a message and before storing it: the next one stores it once, and its notification is replaced, not added', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  await probeAndBind(extPage, ext.worker, server);
  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');

  // Arrange: one message stored normally, so the worker's ids are in memory (it then notifies
  // what it knows to be new as it arrives, before the write); then writes are held.
  // Waited for until its write is broadcast, not merely stored: the broadcast follows the
  // badge count, which a hold taken between the commit and that count would stall, and the
  // stop below would then leave `first` stored and never broadcast.
  const first = (await send(server, { content: 'before the hold' })).messageId;
  await expect
    .poll(
      async () =>
        (await probeEvents(extPage)).some((e) => e.k === 'write' && e.added.includes(first)),
      { timeout: 15_000 },
    )
    .toBe(true);
  expect(await storedMids(ext.worker)).toContain(first);
  await holdWrites(extPage);

  // Act: a message arrives; the worker notifies it, and its write waits behind the hold.
  const held = (await send(server, { content: 'notified, not yet stored' })).messageId;
  const id = `wxp-msg:${held}`;
  await expect
    .poll(async () => (await probeEvents(extPage)).some((e) => e.k === 'create' && e.id === id), {
      timeout: 15_000,
    })
    .toBe(true);
  const before = await probeEvents(extPage);
  expect(before.some((e) => e.k === 'write' && e.added.includes(held))).toBe(false);
  // Stopped there, before the commit. Writes stay held while the next instance starts, so
  // nothing it does reaches the store before its probe is in (its start waits on the store).
  const stopped = before.find((e) => e.k === 'create' && e.id === id)!.instance;
  await hook(server, 'refuse', { on: true });
  await cdp.send('ServiceWorker.stopAllWorkers');
  const revived = callWorker(extPage, 'getStatus');
  await expect
    .poll(async () => (await installProbe(ext.worker).catch(() => stopped)) !== stopped, {
      timeout: 15_000,
    })
    .toBe(true);
  await releaseWrites(extPage);
  await revived;

  // The next instance: catch-up brings the message back (the server counted it pushed).
  await hook(server, 'refuse', { on: false });
  await callWorker(extPage, 'reconnect');
  await expect
    .poll(async () => (await status(extPage)).connection.kind, { timeout: 10_000 })
    .toBe('connected');

  // Assert: stored once, notified again under the same id, one notification on screen for it.
  const result = await checkDelivery(extPage, ext.worker, [first, held]);
  const events = await probeEvents(extPage);
  const creates = events.filter((e) => e.k === 'create' && e.id === id);
  const writes = events.filter((e) => e.k === 'write' && e.added.includes(held));
  expect(creates.map((e) => e.instance)).toEqual([stopped, writes[0]!.instance]);
  expect(writes.map((e) => e.instance)).not.toContain(stopped);
  const onScreen = (await notificationIds(ext.worker)).filter((n) => n === id);
  expect(onScreen).toEqual([id]);
  report('stopped between notification and commit', {
    stored: result.stored.length,
    createsOfThatId: creates.length,
    onScreenWithThatId: onScreen.length,
  });
});
