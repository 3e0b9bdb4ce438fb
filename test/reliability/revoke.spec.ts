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

test('a device token invalidated on the server (1002): unbound, no retry of that session, QR shown', async ({
  server,
  ext,
  extPage,
}) => {
  test.setTimeout(120_000);
  const started = Date.now();
  const pageErrors: Error[] = [];
  await probeAndBind(extPage, ext.worker, server);
  const sent: number[] = [];
  for (let i = 0; i < 5; i++) sent.push((await send(server, { content: `before ${i}` })).messageId);
  await checkDelivery(extPage, ext.worker, sent);

  // Act: the server forgets the device; the socket drops, and the worker's next device call
  // (the catch-up after the new connection's 202) is answered 1002.
  await hook(server, 'revoke-device');
  await hook(server, 'refuse', { on: false, drop: true });

  // Assert: unbound for that reason, and it stays so: no re-registration, no loop.
  await expect
    .poll(async () => (await status(extPage)).binding, { timeout: 20_000 })
    .toEqual(expect.objectContaining({ kind: 'unbound', reason: 'expired' }));
  const expiredAt = Date.now();
  const upgrades = (await serverStats(server)).upgradeAttempts;
  await callWorker(extPage, 'reconnect');
  await sleep(5_000);
  const later = await status(extPage);
  expect(later.binding.kind).toBe('unbound');
  expect(later.counters.outboxPending).toBe(0);
  expect((await serverStats(server)).devices).toBe(0);
  // The socket stays (it is needed to show a new QR code); no reconnect storm either.
  expect((await serverStats(server)).upgradeAttempts - upgrades).toBeLessThanOrEqual(1);
  expect(later.connection.kind).toBe('connected');

  // A message sent now reaches no device, and what was stored stays.
  const after = await send(server, { content: 'after revoke' });
  await sleep(1_000);
  const result = await checkDelivery(extPage, ext.worker, sent, { allowUnbound: true });
  expect(result.stored).not.toContain(after.messageId);

  // The popup shows the QR login again, with the "binding expired" notice; nothing throws.
  const popup = await ext.context.newPage();
  popup.on('pageerror', (e) => pageErrors.push(e));
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.getByTestId('qr-login')).toBeVisible({ timeout: 10_000 });
  // The popup explains the sign-out and offers a new code (it does not fetch one unasked
  // while the binding carries the server's error); one click shows the QR.
  const qr = popup.getByTestId('qr-image');
  if (!(await qr.isVisible())) await popup.getByTestId('qr-refresh').click();
  await expect(qr).toBeVisible({ timeout: 10_000 });
  expect(pageErrors).toEqual([]);
  report('device revoked', {
    expiredMsAfterRevoke: expiredAt - started,
    lastError: later.lastError,
    seconds: (Date.now() - started) / 1000,
  });
});
