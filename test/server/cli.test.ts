import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../server/cli-args';
import { callApi } from './helpers';

describe('parseCliArgs', () => {
  it('has safe defaults', () => {
    expect(parseCliArgs([])).toEqual({
      host: '127.0.0.1',
      port: 7700,
      data: '.data/wxpusher.db',
      rateLimit: true,
      dailyLimit: true,
      testHooks: false,
      help: false,
    });
  });

  it('reads every option, with a space or =', () => {
    const args = parseCliArgs([
      '--host',
      '0.0.0.0',
      '--port=0',
      '--data',
      '/tmp/x.db',
      '--no-rate-limit',
      '--no-daily-limit',
      '--test-hooks',
      '--public-url=https://push.example.com',
      '--callback-url',
      'http://127.0.0.1:9/cb',
    ]);
    expect(args).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      data: '/tmp/x.db',
      rateLimit: false,
      dailyLimit: false,
      testHooks: true,
      publicUrl: 'https://push.example.com',
      callbackUrl: 'http://127.0.0.1:9/cb',
    });
  });

  it('rejects unknown options and bad values', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(/unknown option/);
    expect(() => parseCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseCliArgs(['--data'])).toThrow(/needs a value/);
  });
});

describe('npm run server (server/main.ts)', () => {
  it('prints one READY line, serves, and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxp-cli-'));
    const dbPath = join(dir, 'nested', 'wxpusher.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts', '--port', '0', '--data', dbPath, '--test-hooks'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      // Arrange: wait for the READY line (bounded by the timer).
      let out = '';
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no READY line: ${out}`)), 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const ready = out.split('\n').find((l) => l.startsWith('WXPUSHER_SERVER_READY '));
          if (ready && out.includes('\n', out.indexOf(ready))) {
            clearTimeout(timer);
            resolve(ready);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const ready = JSON.parse(line.slice('WXPUSHER_SERVER_READY '.length)) as Record<
        string,
        unknown
      >;
      expect(Object.keys(ready)).toEqual(['url', 'appToken', 'uid', 'spt', 'topicId']);
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(ready.appToken).toMatch(/^AT_/);
      expect(ready.uid).toMatch(/^UID_/);
      expect(ready.spt).toMatch(/^SPT_/);
      expect(existsSync(dbPath)).toBe(true);

      // Act
      const sent = await callApi(
        String(ready.url),
        'GET',
        `/api/send/message/${String(ready.spt)}/hi`,
      );
      const stats = await callApi(String(ready.url), 'GET', '/__test/stats');
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');

      // Assert
      expect(sent.code).toBe(1000);
      expect(stats.code).toBe(1000);
      expect(await exit).toBe(0);
      expect(out.match(/WXPUSHER_SERVER_READY/g)).toHaveLength(1);
      expect(out).toContain('/api/send/message');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
