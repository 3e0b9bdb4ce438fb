import { bind, callWorker, expect, send, test } from './fixtures';
import { startServer, type RunningServer } from './server-process';
import { storedMids } from './worker-inspect';

const DAY_MS = 24 * 60 * 60_000;

/** POSTs a /__test hook of the test server. */
async function hook(server: RunningServer, path: string, body: unknown = {}): Promise<void> {
  const res = await fetch(`${server.url}/__test/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(((await res.json()) as { code: number }).code).toBe(1000);
}

test.describe('a summary-only message, as the real service sends it', () => {
  test.use({
    // eslint-disable-next-line no-empty-pattern
    server: async ({}, use) => {
      const server = await startServer({ args: ['--summary-only'] });
      await use(server);
      await server.stop();
    },
  });

  test('the view shows the summary and "Open full message" leads to the detail page', async ({
    server,
    ext,
    extPage,
  }) => {
    await bind(extPage, server);
    const { messageId } = await send(server, {
      content: '## Quarterly report\n\nRevenue **up 12%**.',
      contentType: 3,
      summary: 'Quarterly report is out',
    });
    await expect.poll(() => storedMids(ext.worker)).toEqual([messageId]);

    const view = await ext.context.newPage();
    await view.goto(`chrome-extension://${ext.extensionId}/message.html?id=${messageId}`);
    await expect(view.getByTestId('summary-only')).toContainText('Quarterly report is out');
    await expect(view.getByTestId('message-content')).toHaveCount(0);
    const openFull = view.getByTestId('open-full');
    await expect(openFull).toHaveText('Open full message');
    const href = await openFull.getAttribute('href');
    expect(href).toMatch(new RegExp(`^${server.url}/api/message/\\w+`));

    const detail = ext.context.waitForEvent('page', (p) => p.url() === href);
    await openFull.click();
    const page = await detail;
    await expect(page.locator('strong')).toHaveText('up 12%');
  });
});

test('a 203 from the server shows its words, labelled; a 204 shows the upgrade notice', async ({
  server,
  ext,
  extPage,
}) => {
  await bind(extPage, server);
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.getByTestId('connection-state')).toHaveText('Connected');

  await hook(server, 'raw-frame', {
    frame: JSON.stringify({
      msgType: 204,
      title: 'Release notes',
      content: 'Faster catch-up.\nFixes the badge.',
      version: '9.9.0',
      url: `${server.url}/`,
      must: false,
    }),
  });
  const notice = popup.getByTestId('update-notice');
  await expect(notice).toContainText('A new version (9.9.0) is available.');
  await expect(notice.getByRole('link', { name: 'Release notes' })).toHaveAttribute(
    'href',
    `${server.url}/`,
  );
  await expect(popup.getByTestId('update-content')).toHaveText(
    'Faster catch-up.\nFixes the badge.',
  );

  // A 203 comes before the server closes the socket; the popup says why, in the server's words.
  await hook(server, 'raw-frame', {
    frame: JSON.stringify({ msgType: 203, msg: '设备已在别处登录' }),
  });
  await hook(server, 'refuse', { on: true, drop: true });
  await expect(popup.getByTestId('connection-error')).toHaveText(
    'Message from the server: 设备已在别处登录',
  );
  await expect(popup.getByTestId('connection-state')).toContainText('retrying');

  await hook(server, 'refuse', { on: false });
  await popup.getByRole('button', { name: 'Reconnect now' }).click();
  await expect(popup.getByTestId('connection-state')).toHaveText('Connected');
  await expect(popup.getByTestId('connection-error')).toHaveCount(0);
});

test('a shorter retention prunes older messages at once', async ({ server, ext, extPage }) => {
  await bind(extPage, server);
  // A message from three days ago (the server's clock set back while it is sent), and one now.
  await hook(server, 'clock', { offsetMs: -3 * DAY_MS });
  const old = await send(server, { content: 'three days old', summary: 'Old' });
  await hook(server, 'clock', { offsetMs: 0 });
  const fresh = await send(server, { content: 'just now', summary: 'Fresh' });
  await expect
    .poll(() => storedMids(ext.worker))
    .toEqual([old.messageId, fresh.messageId].sort((a, b) => a - b));

  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.getByTestId('message-row')).toHaveCount(2);

  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await options.getByTestId('retention').fill('1');
  await options.getByTestId('retention').blur();

  // The open popup loses the old row without being reopened; the store holds only the new one.
  await expect(popup.getByTestId('message-row')).toHaveCount(1);
  await expect(popup.getByTestId('row-line')).toContainText('Fresh');
  await expect.poll(() => storedMids(ext.worker)).toEqual([fresh.messageId]);
  expect(await callWorker<{ retentionDays: number }>(extPage, 'getSettings')).toMatchObject({
    retentionDays: 1,
  });
});

test('an expired login code offers a new one, and a popup opened on it gets one at once', async ({
  server,
  ext,
}) => {
  // Codes live 5 minutes on the server; with its clock 4 min 55 s behind, they expire in 5 s.
  const soon = -(5 * 60_000 - 5_000);
  await hook(server, 'clock', { offsetMs: soon });
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  const first = (await popup.getByTestId('login-code').textContent())!;
  await expect(popup.getByTestId('qr-countdown')).toHaveText('This code has expired', {
    timeout: 20_000,
  });
  await expect(popup.getByTestId('qr-refresh')).toHaveClass(/primary/);

  await popup.getByTestId('qr-refresh').click();
  await expect(popup.getByTestId('login-code')).not.toHaveText(first);
  const second = (await popup.getByTestId('login-code').textContent())!;
  await expect(popup.getByTestId('qr-countdown')).toHaveText('This code has expired', {
    timeout: 20_000,
  });

  // Opened again on the expired code: a new one, good for 5 minutes, without a click.
  await hook(server, 'clock', { offsetMs: 0 });
  await popup.reload();
  await expect(popup.getByTestId('login-code')).not.toHaveText(second);
  await expect(popup.getByTestId('qr-countdown')).toHaveText(/^Expires in [45]:\d\d$/);

  // And it binds.
  const code = (await popup.getByTestId('login-code').textContent())!;
  const res = await fetch(`${server.url}/scan/${code}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(((await res.json()) as { code: number }).code).toBe(1000);
  await expect(popup.getByTestId('connection-bar')).toBeVisible({ timeout: 10_000 });
});
