import { startServer } from '../e2e/server-process';
import { checkDelivery } from './checks';
import { expect, probeAndBind, report, send, sleep, status, test } from './fixtures';

test('the local server killed and restarted mid-stream (same data file): nothing lost or repeated', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  await probeAndBind(extPage, ext.worker, server);
  const sent: number[] = [];
  // Arrange: a stream of 30 at about 30 a second.
  for (let i = 0; i < 30; i++) {
    sent.push((await send(server, { content: `before ${i}` })).messageId);
    await sleep(30);
  }

  // Act: stop the server process (SIGTERM) right after the last send, while the worker is
  // still taking the stream in; 2 s later start it again on the same port and data file.
  await server.stop();
  const downAt = Date.now();
  await sleep(2_000);
  const again = await startServer({
    dataFile: server.dataFile,
    port: server.port,
    args: ['--no-rate-limit'],
  });
  try {
    expect(again.url).toBe(server.url);
    for (let i = 0; i < 30; i++) {
      sent.push((await send(again, { content: `after ${i}` })).messageId);
      await sleep(30);
    }
    await expect
      .poll(async () => (await status(extPage)).connection.kind, { timeout: 30_000 })
      .toBe('connected');
    const reconnectedAfter = ((await status(extPage)).lastConnectedAt ?? 0) - downAt;

    // Assert
    const result = await checkDelivery(extPage, ext.worker, sent);
    expect(new Set(sent).size).toBe(60);
    report('server restarted', {
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
