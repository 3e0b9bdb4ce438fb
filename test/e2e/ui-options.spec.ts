import { readFileSync } from 'node:fs';
import type { Settings } from '../../lib/storage/settings';
import { bind, callWorker, expect, send, status, test } from './fixtures';
import { startServer } from './server-process';
import { extUrl } from './ui-helpers';

test('options are validated inline and saved at once', async ({ server, ext, extPage }) => {
  await bind(extPage, server);
  await send(server, { content: 'from Ops', summary: 'ops' });
  const options = await ext.context.newPage();
  await options.goto(extUrl(ext.extensionId, 'options.html'));
  const settings = () => callWorker<Settings>(extPage, 'getSettings');

  await options.getByTestId('sound').uncheck();
  await expect.poll(async () => (await settings()).sound).toBe(false);
  await options.getByTestId('require-interaction').uncheck();
  await expect.poll(async () => (await settings()).requireInteraction).toBe(false);
  await options.getByTestId('block-images').check();
  await expect.poll(async () => (await settings()).blockImages).toBe(true);

  await options.getByTestId('retention').fill('45');
  await options.getByTestId('retention').press('Enter');
  await expect(options.getByTestId('retention-msg')).toBeVisible();
  await options.getByTestId('retention').fill('3');
  await options.getByTestId('retention').press('Enter');
  await expect.poll(async () => (await settings()).retentionDays).toBe(3);
  await expect(options.getByTestId('retention-msg')).toHaveCount(0);

  await options.getByTestId('quiet-enabled').check();
  await options.getByTestId('quiet-start').fill('21:15');
  await expect
    .poll(async () => (await settings()).quietHours)
    .toEqual({
      enabled: true,
      start: '21:15',
      end: '07:00',
    });

  await options.getByTestId('mute-app-input').fill('Ops');
  await options.getByTestId('mute-app-add').click();
  await expect.poll(async () => (await settings()).mutedApps).toEqual(['Ops']);

  await options.getByTestId('server-url').fill('javascript:alert(1)');
  await options.getByTestId('server-save').click();
  await expect(options.getByTestId('server-msg')).toContainText('https://example.com');
  expect((await settings()).serverUrl).toBe('');

  // Export: a JSON file with every stored message.
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByTestId('export').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^wxpusher-history-\d{4}-\d\d-\d\d\.json$/);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
    messages: { summary: string }[];
  };
  expect(exported.messages.map((m) => m.summary)).toEqual(['ops']);

  await options.getByTestId('reset').click();
  await expect.poll(async () => (await settings()).sound).toBe(true);
  await expect(options.getByTestId('sound')).toBeChecked();
  expect((await settings()).mutedApps).toEqual([]);
});

test('a new server address unbinds and connects there; unbind from the options', async ({
  server,
  ext,
  extPage,
}) => {
  const other = await startServer();
  try {
    await bind(extPage, server);
    const options = await ext.context.newPage();
    await options.goto(extUrl(ext.extensionId, 'options.html'));
    await expect(options.getByTestId('binding-state')).toContainText('is bound');

    // Same host, other port: the host permission (no port in match patterns) is already held.
    await options.getByTestId('server-url').fill(`${other.url}/`);
    await options.getByTestId('server-save').click();
    await expect.poll(async () => (await status(extPage)).serverUrl).toBe(other.url);
    await expect.poll(async () => (await status(extPage)).binding.kind).toBe('unbound');
    await expect(options.getByTestId('binding-state')).toContainText('not bound');
    await expect.poll(async () => (await status(extPage)).connection.kind).toBe('connected');

    // Bound on the new server, then unbound from the options page.
    await bind(extPage, other);
    await expect(options.getByTestId('unbind')).toBeVisible();
    await options.getByTestId('unbind').click();
    await expect.poll(async () => (await status(extPage)).binding.kind).toBe('unbound');

    // Empty means the built-in default again.
    await options.getByTestId('server-url').fill('');
    await options.getByTestId('server-save').click();
    await expect.poll(async () => (await status(extPage)).serverUrl).toBe(server.url);
  } finally {
    await other.stop();
  }
});
