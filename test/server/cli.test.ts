import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseSendArgs } from '../../scripts/send-options';
import { parseStartArgs } from '../../scripts/start-options';
import { formatUsage, UsageError } from '../../server/cli/args';
import { parseServerArgs, serverUsage } from '../../server/cli/server-options';
import { callApi } from './helpers';

describe('parseServerArgs (npm run server)', () => {
  it('has safe defaults', () => {
    expect(parseServerArgs([])).toEqual({
      host: '127.0.0.1',
      port: 7700,
      data: '.data/wxpusher.db',
      rateLimit: true,
      dailyLimit: true,
      summaryOnly: false,
      help: false,
    });
  });

  it('reads every option, with a space or =', () => {
    const args = parseServerArgs([
      '--host',
      '0.0.0.0',
      '--port=0',
      '--data',
      '/tmp/x.db',
      '--no-rate-limit',
      '--no-daily-limit',
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
      publicUrl: 'https://push.example.com',
      callbackUrl: 'http://127.0.0.1:9/cb',
    });
    expect(parseServerArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--nope'], 'unknown option: --nope'],
    [['--test-hooks'], 'unknown option: --test-hooks'],
    [['--port', '70000'], '--port must be 0–65535 (got "70000")'],
    [['--port', 'abc'], '--port must be 0–65535 (got "abc")'],
    [['--port', '-1'], '--port must be 0–65535 (got "-1")'],
    [['--data'], '--data needs a value'],
    [['--data='], '--data needs a value'],
    [['--data', '--port', '0'], '--data needs a value'],
    [['--no-rate-limit=yes'], '--no-rate-limit takes no value'],
    [['serve'], 'unexpected argument: serve'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseServerArgs(argv)).toThrow(new UsageError(message));
  });

  it('prints every option in --help, aligned', () => {
    const usage = serverUsage();
    expect(usage.split('\n')[0]).toBe('Usage: npm run server -- [options]');
    for (const flag of ['--host <addr>', '--port <n>', '--data <file>', '--public-url <url>']) {
      expect(usage).toContain(`  ${flag} `);
    }
    expect(usage).toContain('  --no-daily-limit       disable the 2000-messages-a-day cap');
    expect(usage).toContain('  --help                 show this help');
    expect(usage).not.toContain('test');
  });
});

describe('parseStartArgs (npm start)', () => {
  it('has the defaults of a local run', () => {
    expect(parseStartArgs([])).toEqual({
      browser: 'chromium',
      port: 7700,
      data: '.data/wxpusher.db',
      demoDir: 'demo',
      help: false,
    });
  });

  it('reads every option', () => {
    expect(
      parseStartArgs([
        '--server',
        'https://push.example.com/wx/',
        '--app-token',
        'AT_x',
        '--uid=UID_x',
        '--port',
        '0',
        '--data',
        'd.db',
        '--headless',
        '--demo-dir',
        'shots',
        '--browser',
        'firefox',
      ]),
    ).toEqual({
      browser: 'firefox',
      server: 'https://push.example.com/wx',
      appToken: 'AT_x',
      uid: 'UID_x',
      port: 0,
      data: 'd.db',
      headless: true,
      demoDir: 'shots',
      help: false,
    });
    expect(parseStartArgs(['--headed']).headless).toBe(false);
  });

  it('puts Firefox screenshots beside the Chromium ones, and takes chrome for chromium', () => {
    expect(parseStartArgs(['--browser', 'firefox']).demoDir).toBe('demo/firefox');
    expect(parseStartArgs(['--browser=Chrome']).browser).toBe('chromium');
  });

  it.each([
    [['--headless', '--headed'], '--headless and --headed exclude each other'],
    [['--port', 'x'], '--port must be 0–65535 (got "x")'],
    [['--server'], '--server needs a value'],
    [['--display'], 'unknown option: --display'],
    [['--browser', 'safari'], '--browser must be chromium or firefox, not "safari"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseStartArgs(argv)).toThrow(new UsageError(message));
  });
});

describe('parseSendArgs (npm run send)', () => {
  it('joins the words into the text and collects repeatable flags', () => {
    const args = parseSendArgs([
      'Disk',
      '--uid',
      'UID_a',
      'almost full',
      '--uid=UID_b',
      '--topic',
      '3',
      '--type',
      'MD',
      '--summary',
      '-x-',
      '-5 °C',
    ]);
    expect(args.req).toEqual({
      content: 'Disk almost full -5 °C',
      contentType: 3,
      summary: '-x-',
      uids: ['UID_a', 'UID_b'],
      topicIds: [3],
      spts: [],
    });
    expect(args.server).toBe('http://127.0.0.1:7700');
    expect(args.data).toBe('.data/wxpusher.db');
  });

  it('shows help without text, and refuses what it cannot send', () => {
    expect(parseSendArgs(['-h']).help).toBe(true);
    expect(() => parseSendArgs([])).toThrow('Nothing to send');
    expect(() => parseSendArgs(['x', '--type', 'pdf'])).toThrow('--type must be');
    expect(() => parseSendArgs(['x', '--to', 'me'])).toThrow('unknown option: --to');
  });
});

describe('formatUsage', () => {
  it('aligns the help column past the longest flag', () => {
    const usage = formatUsage('cmd', {
      a: { type: 'boolean', help: 'short' },
      'a-much-longer-flag-name': { type: 'string', value: '<v>', help: 'long' },
    });
    const [synopsis, short, long] = usage.split('\n');
    expect(synopsis).toBe('Usage: cmd');
    expect(long).toBe('  --a-much-longer-flag-name <v>  long');
    expect(short).toBe(`  --a${' '.repeat(long!.lastIndexOf('long') - 5)}short`);
  });
});

describe('npm run server (server/main.ts)', () => {
  it('prints one READY line, serves, and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxp-cli-'));
    const dbPath = join(dir, 'nested', 'wxpusher.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts', '--port', '0', '--data', dbPath],
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
      const version = await callApi(String(ready.url), 'GET', '/api/device/version-update');
      const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');

      // Assert
      expect(sent.code).toBe(1000);
      expect(version.code).toBe(1000);
      expect(await exit).toBe(0);
      expect(out.match(/WXPUSHER_SERVER_READY/g)).toHaveLength(1);
      expect(out).toContain('/api/send/message');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('server entries in a process', () => {
  const run = (script: string, args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args]).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        out: error.stdout + error.stderr,
      }),
    );

  it('npm run server: --help prints the usage, a bad option exits 2 with the usage', async () => {
    const help = await run('server/main.ts', ['--help']);
    const bad = await run('server/main.ts', ['--port', 'many']);

    expect(help).toEqual({ code: 0, out: `${serverUsage()}\n` });
    expect(bad.code).toBe(2);
    expect(bad.out).toBe(`--port must be 0–65535 (got "many")\n\n${serverUsage()}\n`);
  });

  /** test/support/test-server-main.ts on a port of its own over a new database in `dir`. */
  const spawnTestServer = (dir: string, extra: string[], stdin: 'pipe' | 'ignore') =>
    spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'test/support/test-server-main.ts',
        '--port',
        '0',
        '--data',
        join(dir, 'db'),
        ...extra,
      ],
      { stdio: [stdin, 'pipe', 'pipe'] },
    );

  it('the test server entry started with --exit-with-parent stops when its input ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxp-cli-'));
    const child = spawnTestServer(dir, ['--exit-with-parent'], 'pipe');
    try {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no READY line: ${out}`)), 15_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('WXPUSHER_SERVER_READY')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      // What the harness's death does to the pipe it held.
      child.stdin!.end();
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the test server entry takes the same options and serves the /__test/ hooks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxp-cli-'));
    const child = spawnTestServer(dir, [], 'ignore');
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no READY line: ${out}`)), 15_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const ready = /WXPUSHER_SERVER_READY (\{.*\})\n/.exec(out);
          if (ready?.[1] && out.includes('Ctrl+C to stop.')) {
            clearTimeout(timer);
            resolve((JSON.parse(ready[1]) as { url: string }).url);
          }
        });
      });

      const stats = await callApi<Record<string, number>>(url, 'GET', '/__test/stats');

      expect(stats.data).toMatchObject({ connections: 0, upgradeAttempts: 0, devices: 0 });
      expect(out).toContain('Test hooks are ON (/__test/…). Do not expose this server.');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
