import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { launchExtension } from './extension';
import { tempDir } from '../../scripts/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

test('npm run zip makes a store-ready zip that loads in Chromium', async () => {
  test.setTimeout(90_000);
  const out = tempDir('wxp-zip-');
  // The real default server: no WXP_SERVER.
  const env: NodeJS.ProcessEnv = { ...process.env, WXP_OUT_DIR: out };
  delete env.WXP_SERVER;
  await run(process.execPath, [path.join(ROOT, 'node_modules/wxt/bin/wxt.mjs'), 'zip'], {
    cwd: ROOT,
    env,
  });
  const zip = readdirSync(out).find((f) => f.endsWith('-chrome.zip'));
  expect(zip).toBeDefined();
  const unpacked = path.join(out, 'unpacked');
  await run('python3', ['-m', 'zipfile', '-e', path.join(out, zip!), unpacked]);

  const manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
  expect(manifest).toMatchObject({
    manifest_version: 3,
    name: '__MSG_extName__',
    minimum_chrome_version: '116',
    permissions: ['storage', 'alarms', 'notifications', 'offscreen', 'sidePanel'],
    host_permissions: ['https://wxpusher.zjiecode.com/*'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: { default_title: '__MSG_extName__', default_popup: 'popup.html' },
    side_panel: { default_path: 'sidepanel.html' },
    commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+M' } } },
  });
  expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '96', '128']);

  const ext = await launchExtension(unpacked);
  try {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/offscreen.html`);
    const names = await page.evaluate(() => [
      chrome.runtime.getManifest().name,
      chrome.i18n.getMessage('extName'),
    ]);
    expect(names[1]).toBe('WxPusher Receiver');
    const status = await page.evaluate(() =>
      chrome.runtime.sendMessage({ wxp: 1, type: 'getStatus' }),
    );
    expect(status.result.serverUrl).toBe('https://wxpusher.zjiecode.com');
  } finally {
    await ext.close();
  }
});
