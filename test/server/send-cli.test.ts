import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers';

const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/send.ts', ...args], {
    cwd: join(import.meta.dirname, '../..'),
  }).then(
    ({ stdout }) => ({ code: 0, out: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      out: error.stdout + error.stderr,
    }),
  );

describe('npm run send', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.dispose();
  });

  it('sends markdown with a summary to a uid and prints the message id', async () => {
    const { appToken, uid } = server.credentials;
    const result = await run([
      '# Hi',
      '--type',
      'markdown',
      '--summary',
      'S',
      '--server',
      server.url,
      '--app-token',
      appToken,
      '--uid',
      uid,
    ]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toMatch(new RegExp(`✓ ${uid}: .*messageId \\d+`));
  });

  it('uses the default app and user from the local data file', async () => {
    const result = await run(['hello', '--server', server.url, '--data', server.dbPath]);
    expect(result.code).toBe(0);
    expect(result.out).toContain(server.credentials.uid);
  });

  it('sends by SPT without an app token', async () => {
    const result = await run(['hi', '--server', server.url, '--spt', server.credentials.spt]);
    expect(result.code).toBe(0);
  });

  it.each([
    [
      'a rejected app token',
      ['x', '--app-token', 'AT_nope', '--uid', 'UID_x'],
      /refused the message: code 1001/,
    ],
    ['a bad type', ['x', '--type', 'pdf'], /--type must be text, html or markdown/],
    ['no text', [], /Nothing to send/],
    ['no data file', ['x', '--data', '/nonexistent/x.db'], /No local server data/],
  ])('fails clearly on %s', async (_name, args, message) => {
    const result = await run([...args, '--server', server.url]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(message);
  });

  it('fails clearly when the server is down', async () => {
    const result = await run([
      'x',
      '--server',
      'http://127.0.0.1:9',
      '--app-token',
      'AT',
      '--uid',
      'U',
    ]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/Cannot reach the server at http:\/\/127.0.0.1:9/);
  });
});
