import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { GECKO_ID } from '../../lib/platform/gecko';
import { launchFirefox } from '../../scripts/firefox-runner';
import { newestFirefoxZip } from '../../scripts/lint-firefox';
import { callWorker } from '../e2e/fixtures';
import { waitUntil } from './harness';
import { tempDir } from '../../scripts/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

test('npm run zip:firefox makes a package that passes the add-ons linter and runs in Firefox', async () => {
  test.setTimeout(120_000);
  const out = tempDir('wxp-zip-ff-');
  // The real default server: no WXP_SERVER.
  const env: NodeJS.ProcessEnv = { ...process.env, WXP_OUT_DIR: out };
  delete env.WXP_SERVER;
  const { stdout } = await run('npm', ['run', '--silent', 'zip:firefox'], { cwd: ROOT, env });
  const zip = newestFirefoxZip(out);
  // Mozilla's add-ons linter found no error. (Its warnings: Preact's and DOMPurify's own
  // innerHTML, and Android's minimum version, which this add-on does not claim.)
  expect(stdout).toMatch(/^0 errors, \d+ warnings, \d+ notices$/m);

  const unpacked = path.join(out, 'unpacked');
  await run('python3', ['-m', 'zipfile', '-e', zip, unpacked]);
  const manifest = JSON.parse(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8'));
  expect(manifest).toMatchObject({
    manifest_version: 2,
    name: '__MSG_extName__',
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
    permissions: ['storage', 'alarms', 'notifications', 'https://wxpusher.zjiecode.com/*'],
    optional_permissions: ['http://*/*', 'https://*/*'],
    background: { scripts: ['background.js'] },
    browser_action: { default_popup: 'popup.html' },
  });
  // A persistent background page (README, "Firefox"), and no offscreen page.
  expect(manifest.background.persistent).not.toBe(false);
  expect(readFileSync(path.join(unpacked, 'manifest.json'), 'utf8')).not.toContain('offscreen');

  const ff = await launchFirefox({ package: zip });
  try {
    const page = await ff.openPage('/icon/128.png');
    await waitUntil('the background page', async () =>
      callWorker(page, 'getStatus').then(
        () => true,
        () => false,
      ),
    );
    const names = await page.evaluate(() => {
      const api = (globalThis as unknown as { browser: typeof chrome }).browser;
      return [api.runtime.getManifest().name, api.i18n.getMessage('extName')];
    });
    expect(names[1]).toBe('WxPusher Receiver');
    const status = await callWorker<{ serverUrl: string }>(page, 'getStatus');
    expect(status.serverUrl).toBe('https://wxpusher.zjiecode.com');
  } finally {
    await ff.close();
  }
});
