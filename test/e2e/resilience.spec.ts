import { launchExtension } from './extension';
import { bind, expect, send, test } from './fixtures';
import { badge, notificationIds, storedMids } from './worker-inspect';

test('the worker stopped by Chrome comes back by itself; nothing lost or duplicated', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  await bind(extPage, server);
  const sent: number[] = [];
  for (let i = 0; i < 3; i++) sent.push((await send(server, { content: `before ${i}` })).messageId);
  await expect.poll(() => storedMids(ext.worker)).toEqual(sent);

  // Stop the worker as Chrome would, close the only extension page, and keep sending.
  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');
  await extPage.close();
  await cdp.send('ServiceWorker.stopAllWorkers').catch(() => undefined);
  for (let i = 0; i < 5; i++)
    sent.push((await send(server, { content: `while stopped ${i}` })).messageId);

  // The watchdog alarm revives it; it reconnects; the server replays what it missed.
  await expect.poll(() => storedMids(ext.worker), { timeout: 60_000 }).toEqual(sent);
  await expect.poll(() => badge(ext.worker)).toBe('8');
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
  const extensionDir = new URL(ext.worker.url()).pathname; // only used to confirm the id below
  await ext.close();

  const missed: number[] = [];
  for (let i = 0; i < 4; i++)
    missed.push((await send(server, { content: `missed ${i}` })).messageId);

  const dir = (await import('./extension')).buildExtension(server.url);
  const again = await launchExtension(await dir, ext.userDataDir);
  try {
    expect(new URL(again.worker.url()).pathname).toBe(extensionDir);
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
