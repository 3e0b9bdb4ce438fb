import { startServer } from '../e2e/server-process';
import { extUrl, POPUP_SIZE } from '../e2e/ui-helpers';
import { storedMids } from '../e2e/worker-inspect';
import { checkDelivery, waitStored } from './checks';
import { expect, hook, probeAndBind, report, send, status, test } from './fixtures';

test('"clear all" pressed offline never deletes messages created after the click', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const before: number[] = [];
  for (let i = 0; i < 10; i++)
    before.push((await send(server, { content: `seen ${i}` })).messageId);
  await waitStored(ext.worker, before);
  const popup = await ext.context.newPage();
  await popup.setViewportSize(POPUP_SIZE);
  await popup.goto(extUrl(ext.extensionId, 'popup.html'));
  await expect(popup.getByTestId('message-row')).toHaveCount(10);

  // Act: the server goes away; the user clears the list while the worker cannot reach it.
  await server.stop();
  await expect
    .poll(async () => (await status(extPage)).connection.kind, { timeout: 30_000 })
    .not.toBe('connected');
  await popup.getByTestId('clear-all').click();
  await expect(popup.getByTestId('message-row')).toHaveCount(0);
  expect((await status(extPage)).counters.outboxPending).toBeGreaterThan(0);

  // The server comes back answering HTTP while its sockets are still refused, and 10 messages
  // are created: the queued delete reaches it (watchdog flush) before any socket does.
  const again = await startServer({
    dataFile: server.dataFile,
    port: server.port,
    args: ['--no-rate-limit', '--refuse-upgrades'],
  });
  try {
    const after: number[] = [];
    for (let i = 0; i < 10; i++)
      after.push((await send(again, { content: `after the click ${i}` })).messageId);
    await expect
      .poll(async () => (await status(extPage)).counters.outboxPending, { timeout: 60_000 })
      .toBe(0);
    await hook(again, 'refuse', { on: false });

    // Assert: the 10 new ones arrive (replay), each stored and notified once; the cleared
    // ones stay gone.
    const result = await checkDelivery(extPage, ext.worker, after);
    expect((await storedMids(ext.worker)).filter((m) => before.includes(m))).toEqual([]);
    report('clear all offline', {
      cleared: before.length,
      createdAfterTheClick: after.length,
      stored: result.stored.length,
      notificationCreates: result.creates,
      seconds: (Date.now() - started) / 1000,
    });
  } finally {
    await again.stop();
  }
});
