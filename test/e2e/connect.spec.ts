import { expect, test } from './fixtures';

test('the worker reaches the server WebSocket by itself and gets a pushToken (202)', async ({
  ext,
  extPage,
}) => {
  // Arrange: a fresh profile, no page asked for anything.
  // Act: the worker starts on install and dials the server.
  // Assert: connected, and the server's 202 pushToken was stored.
  await expect
    .poll(
      async () =>
        (await ext.worker.evaluate(() => chrome.storage.local.get('pushToken'))).pushToken,
      {
        timeout: 10_000,
      },
    )
    .toMatch(/^PT_/);
  const status = await extPage.evaluate(async () =>
    chrome.runtime.sendMessage({ wxp: 1, type: 'getStatus' }),
  );
  expect(status.result.connection.kind).toBe('connected');
});
