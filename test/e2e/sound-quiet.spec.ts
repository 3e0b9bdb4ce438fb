import { bind, callWorker, expect, send, soundRequests, status, test } from './desktop-fixtures';
import { OffscreenProbe } from './offscreen-probe';
import { badge, storedMids } from './worker-inspect';

/*
 * The sound plays through the offscreen document (a worker has no Audio). Seen from the test:
 * the worker's requests to it (heard by an extension page, as the document hears them), the
 * document itself (a DevTools target) and, once it exists, its calls of Audio's play().
 * Quiet hours and muted apps keep the message (stored, listed, counted) without a
 * notification or a sound.
 */

test('a message plays the sound once through one offscreen document', async ({
  server,
  ext,
  extPage,
  daemon,
}) => {
  const probe = await OffscreenProbe.attach(ext.context);
  await bind(extPage, server);
  expect(await probe.documents()).toHaveLength(0);

  await send(server, { content: 'first', summary: 'First' });
  await expect.poll(() => soundRequests(extPage)).toBe(1);
  await expect.poll(async () => (await probe.documents()).length).toBe(1);
  await expect.poll(() => daemon.open().length).toBe(1);
  // The document answered that it played (else the worker reports errSoundNotPlayed).
  await expect.poll(async () => (await status(extPage)).lastError).toBeNull();

  // Watched from inside the document: the next sound is a real call of Audio's play().
  await probe.countPlays();
  await callWorker(extPage, 'playTestSound');
  expect(await probe.plays()).toEqual([
    { src: `chrome-extension://${ext.extensionId}/sounds/notify.wav`, result: 'played' },
  ]);
  expect(await probe.documents()).toHaveLength(1);
  await probe.detach();
});

test('two messages at once and the test button together: one offscreen document, no lost sound', async ({
  server,
  ext,
  extPage,
}) => {
  const probe = await OffscreenProbe.attach(ext.context);
  await bind(extPage, server);
  expect(await probe.documents()).toHaveLength(0);

  // Both sounds ask for the document before it exists.
  await Promise.all([
    send(server, { content: 'second', summary: 'Second' }),
    send(server, { content: 'third', summary: 'Third' }),
    callWorker(extPage, 'playTestSound'),
  ]);
  await expect.poll(() => badge(ext.worker)).toBe('2');
  // One sound for the burst, one for the button; each answered "played".
  await expect.poll(() => soundRequests(extPage)).toBe(2);
  expect(await probe.documents()).toHaveLength(1);
  expect((await status(extPage)).lastError).toBeNull();
  await probe.detach();
});

test('sound off: the notification shows, nothing is played and no document is made', async ({
  server,
  ext,
  extPage,
  daemon,
}) => {
  const probe = await OffscreenProbe.attach(ext.context);
  await bind(extPage, server);
  await callWorker(extPage, 'updateSettings', { patch: { sound: false } });

  const { messageId } = await send(server, { content: 'quietly', summary: 'No sound' });
  await expect.poll(() => daemon.open().map((n) => n.title)).toEqual(['No sound']);
  await expect.poll(() => badge(ext.worker)).toBe('1');
  // The sound is asked for in the same step that raises the notification: none was.
  expect(await soundRequests(extPage)).toBe(0);
  expect(await probe.documents()).toHaveLength(0);
  expect(await storedMids(ext.worker)).toEqual([messageId]);
  await probe.detach();
});

for (const [name, patch] of [
  ['quiet hours', { quietHours: { enabled: true, start: '00:00', end: '00:00' } }],
  ['a muted app', { mutedApps: ['Local WxPusher'] }],
] as const) {
  test(`${name}: the message is stored, listed and counted, with no notification and no sound`, async ({
    server,
    ext,
    extPage,
    daemon,
  }) => {
    const probe = await OffscreenProbe.attach(ext.context);
    await bind(extPage, server);
    await callWorker(extPage, 'updateSettings', { patch });

    const { messageId } = await send(server, { content: 'at night', summary: 'Night job' });
    await expect.poll(() => storedMids(ext.worker)).toEqual([messageId]);
    await expect.poll(() => badge(ext.worker)).toBe('1');
    const popup = await ext.context.newPage();
    await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    await expect(popup.getByTestId('message-row')).toHaveCount(1);
    await expect(popup.getByTestId('row-line')).toContainText('Night job');

    // Notifying comes before the badge in the write path: had one been raised, it would be.
    expect(daemon.shown).toEqual([]);
    expect(await soundRequests(extPage)).toBe(0);
    expect(await probe.documents()).toHaveLength(0);
    expect((await status(extPage)).counters.notificationsRaised).toBe(0);
    await probe.detach();
  });
}
