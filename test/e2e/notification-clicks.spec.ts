import { bind, callWorker, expect, extensionTabs, send, status, test } from './desktop-fixtures';
import type { ShownNotification } from './notification-daemon';
import { OffscreenProbe } from './offscreen-probe';
import { badge } from './worker-inspect';

/*
 * Clicks on notifications as a user makes them. Chromium hands each notification to the desktop's
 * notification server (a test one here, notification-daemon.ts) and a click comes back from it;
 * Chrome then delivers onClicked / onButtonClicked to the extension, waking its worker when it
 * was stopped. Covered: Chrome's routing of the click to the extension, our listeners, tabs,
 * read marks. Not covered: a real desktop's bubble and how its click is made.
 */

/** Waits until the desktop shows a notification titled `title`, and returns it. */
async function shown(
  daemon: { open(): ShownNotification[] },
  title: string,
): Promise<ShownNotification> {
  await expect.poll(() => daemon.open().map((n) => n.title), { timeout: 15_000 }).toContain(title);
  return daemon.open().find((n) => n.title === title)!;
}

test('a click opens the full view and marks it read; a double click and the popup reuse that tab', async ({
  server,
  ext,
  extPage,
  daemon,
}) => {
  await bind(extPage, server);
  const { messageId } = await send(server, {
    content: 'The disk on db-1 is 91% full.',
    summary: 'Disk almost full',
  });
  const note = await shown(daemon, 'Disk almost full');
  // The text under the title, not the title again (the summary is the title here).
  expect(note.body).toContain('The disk on db-1 is 91% full.');
  expect(note.body).toContain('Local WxPusher');
  await expect.poll(() => badge(ext.worker)).toBe('1');

  // A double click: both clicks reach Chrome before the first view has loaded.
  daemon.click(note);
  daemon.click(note);

  const view = `message.html?id=${messageId}`;
  await expect.poll(() => extensionTabs(ext.context, ext.extensionId, view).length).toBe(1);
  const [page] = extensionTabs(ext.context, ext.extensionId, view);
  await expect(page!.getByTestId('message-title')).toHaveText('Disk almost full');
  await expect.poll(() => badge(ext.worker)).toBe('');
  await expect.poll(() => daemon.open().length).toBe(0); // the notification is taken away

  // Opening the same message from the popup brings that tab forward instead of a second one.
  await extPage.bringToFront();
  await callWorker(extPage, 'openMessage', { mid: messageId });
  await expect
    .poll(() => page!.evaluate(() => document.visibilityState), { timeout: 10_000 })
    .toBe('visible');
  expect(extensionTabs(ext.context, ext.extensionId, view)).toHaveLength(1);
});

test('"Open link" opens the sender\'s link and marks read; "Mark as read" only marks read', async ({
  server,
  ext,
  extPage,
  daemon,
}) => {
  await bind(extPage, server);
  const link = `${server.url}/scan/LGN_from_the_sender`;
  await send(server, { content: 'Deploy finished', summary: 'Deploy', url: link });
  const withLink = await shown(daemon, 'Deploy');
  expect(withLink.actions.map((a) => a.label)).toEqual(
    expect.arrayContaining(['Open link', 'Mark as read']),
  );

  const opened = ext.context.waitForEvent('page', (p) => p.url() === link);
  daemon.clickButton(withLink, 'Open link');
  await opened;
  await expect.poll(() => badge(ext.worker)).toBe('');
  await expect.poll(() => daemon.open().length).toBe(0);

  await send(server, { content: 'Backup done', summary: 'Backup' });
  const plain = await shown(daemon, 'Backup');
  await expect.poll(() => badge(ext.worker)).toBe('1');
  const pagesBefore = ext.context.pages().length;
  daemon.clickButton(plain, 'Mark as read');
  await expect.poll(() => badge(ext.worker)).toBe('');
  await expect.poll(() => daemon.open().length).toBe(0);
  // The read mark comes after any tab the click would open: none was.
  expect(ext.context.pages()).toHaveLength(pagesBefore);
  expect((await status(extPage)).counters.notificationsRaised).toBe(2);
});

test('a click on the burst summary opens the list of the new messages', async ({
  server,
  ext,
  extPage,
  daemon,
}) => {
  await bind(extPage, server);
  // Sent together, so they arrive within the 2 s a burst spans even on a busy machine.
  await Promise.all(
    [1, 2, 3, 4, 5].map((i) => send(server, { content: `job ${i} failed`, summary: `Job ${i}` })),
  );

  await expect.poll(() => badge(ext.worker)).toBe('5');
  // The newest summary on screen counts the whole burst. (Chromium's Linux notification bridge
  // may leave an earlier one up when an update follows its creation by milliseconds.)
  const latestSummary = () =>
    daemon
      .open()
      .filter((n) => n.title === 'WxPusher')
      .at(-1);
  await expect.poll(() => latestSummary()?.body, { timeout: 15_000 }).toBe('5 new messages');
  const summary = latestSummary()!;

  daemon.click(summary);
  // The popup when Chrome can open it (headless Chromium can), else a tab with the same list.
  const probe = await OffscreenProbe.attach(ext.context);
  await expect
    .poll(async () => (await probe.targets('popup.html')).length, { timeout: 15_000 })
    .toBe(1);
  await expect
    .poll(() =>
      probe
        .evaluate<number>(
          `document.querySelectorAll('[data-testid=message-row]').length`,
          'popup.html',
        )
        .catch(() => -1),
    )
    .toBe(5);
  await expect.poll(() => daemon.open().some((n) => n.id === summary.id)).toBe(false);
  await probe.detach();
});

test('a click reaches a worker Chrome has stopped: it wakes and opens the view', async ({
  server,
  ext,
  extPage,
  daemon,
}) => {
  await bind(extPage, server);
  const { messageId } = await send(server, {
    content: 'Certificate expires in 3 days',
    summary: 'TLS',
  });
  const note = await shown(daemon, 'TLS');

  const cdp = await ext.context.newCDPSession(extPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  daemon.click(note);

  const view = `message.html?id=${messageId}`;
  await expect
    .poll(() => extensionTabs(ext.context, ext.extensionId, view).length, { timeout: 15_000 })
    .toBe(1);
  await expect.poll(() => badge(ext.worker)).toBe('');
});
