import { buildExtension, launchExtension } from './extension';
import { bind, expect, send, test } from './fixtures';
import { badge, notificationIds, storedMids } from './worker-inspect';

test('the worker stopped by Chrome mid-stream comes back by itself; nothing lost or duplicated', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  await bind(extPage, server);
  // A marker in the running instance: a revived worker is a fresh instance without it.
  await ext.worker.evaluate(() => ((self as unknown as { marker: string }).marker = 'first'));
  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');

  // Act: a stream of 10 messages; the worker is stopped after the third, and the only
  // extension page is closed, so nothing but the extension itself can bring it back.
  const sent: number[] = [];
  for (let i = 0; i < 10; i++) {
    sent.push((await send(server, { content: `stream ${i}` })).messageId);
    if (i === 2) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await extPage.close();
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  // Assert without touching the worker: the server sees it reconnect and drain its replays.
  await expect
    .poll(
      async () => {
        const stats = (await (await fetch(`${server.url}/__test/stats`)).json()).data;
        return stats.connections === 1 && stats.pendingReplays === 0;
      },
      { timeout: 60_000, intervals: [500] },
    )
    .toBe(true);
  expect(await ext.worker.evaluate(() => (self as unknown as { marker?: string }).marker)).toBe(
    undefined,
  );
  await expect.poll(() => storedMids(ext.worker)).toEqual(sent);
  await expect.poll(() => badge(ext.worker)).toBe('10');
  const shown = await notificationIds(ext.worker);
  expect(new Set(shown).size).toBe(shown.length);
});

test('messages sent while the browser is closed arrive after relaunch, with no page open', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(90_000);
  await bind(extPage, server);
  const first = (await send(server, { content: 'before closing' })).messageId;
  await expect.poll(() => storedMids(ext.worker)).toEqual([first]);
  const extensionId = ext.extensionId;
  await ext.close();

  const missed: number[] = [];
  for (let i = 0; i < 4; i++)
    missed.push((await send(server, { content: `missed ${i}` })).messageId);

  const dir = buildExtension(server.url);
  const again = await launchExtension(await dir, ext.userDataDir);
  try {
    // The same unpacked folder, so the same extension id and the same storage.
    expect(again.extensionId).toBe(extensionId);
    await expect
      .poll(() => storedMids(again.worker), { timeout: 30_000 })
      .toEqual([first, ...missed]);
    // Four missed messages in one replay become one summary notification.
    await expect.poll(() => notificationIds(again.worker)).toContain('wxp-summary');
    await expect.poll(() => badge(again.worker)).toBe('5');
  } finally {
    await again.close();
  }
});
