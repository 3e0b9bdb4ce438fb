import { bind, callWorker, expect, send, status, test } from './fixtures';
import { badge, notificationIds, storedMids } from './worker-inspect';

test('bind by confirming the QR code, send, and see the message stored, notified and counted', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);

  const { messageId } = await send(server, {
    content: '## Disk almost full\n\n`/var` at **91%**',
    contentType: 3,
    summary: 'Disk almost full',
    url: 'https://example.com/runbook',
  });

  await expect.poll(() => storedMids(ext.worker)).toEqual([messageId]);
  await expect.poll(() => badge(ext.worker)).toBe('1');
  expect(await notificationIds(ext.worker)).toEqual([`wxp-msg:${messageId}`]);
  expect((await status(extPage)).counters.notificationsRaised).toBe(1);

  // Reading it anywhere drops the badge and is sent to the server.
  await callWorker(extPage, 'markRead', { mids: [messageId], read: true });
  await expect.poll(() => badge(ext.worker)).toBe('');
  expect(await notificationIds(ext.worker)).toEqual([]);
  await expect.poll(async () => (await status(extPage)).counters.outboxPending).toBe(0);
});

test('a 1002 from the server unbinds cleanly and the login is offered again', async ({
  server,
  extPage,
}) => {
  await bind(extPage, server);
  await fetch(`${server.url}/__test/revoke-device`, { method: 'POST', body: '{}' });

  await expect(callWorker(extPage, 'sendTest')).rejects.toThrow();
  const after = await status(extPage);
  expect(after.binding).toMatchObject({ kind: 'unbound', reason: 'expired' });
  expect(after.connection.kind).toBe('connected');
  const again = await callWorker<{ kind: string }>(extPage, 'requestLoginCode');
  expect(again.kind).toBe('waiting');
});
