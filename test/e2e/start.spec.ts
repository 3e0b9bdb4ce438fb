import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { tempDir } from '../../scripts/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('npm start without a display runs the guided tour to the end and writes screenshots', async () => {
  test.setTimeout(120_000);
  const dir = tempDir('wxp-start-');
  const demo = path.join(dir, 'demo');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/start.ts',
      '--headless',
      '--port',
      '0',
      '--data',
      path.join(dir, 'wxpusher.db'),
      '--demo-dir',
      demo,
    ],
    { cwd: ROOT, timeout: 110_000, env: { ...process.env, DISPLAY: '' } },
  );
  expect(stdout).toContain('Tour passed');
  expect(stdout.match(/ms from the send request to the notification/g)).toHaveLength(3);
  for (const shot of [
    'popup-login',
    'popup',
    'message-text',
    'message-html',
    'message-markdown',
    'options',
  ]) {
    expect(existsSync(path.join(demo, `${shot}.png`)), shot).toBe(true);
  }
});
