import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tempDir } from '../../scripts/temp-dir';

/** What the server prints on its ready line (docs/protocol.md §7). */
export interface ServerInfo {
  url: string;
  appToken: string;
  uid: string;
  spt: string;
  topicId: number;
}

export interface RunningServer extends ServerInfo {
  dataFile: string;
  port: number;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Starts the test server as its own process on 127.0.0.1: the real server (`createServer`, as
 * `npm run server` runs it) plus the `/__test/…` hooks of test/support, with the same options
 * and output. Resolves once it prints its ready line.
 */
export function startServer(
  opts: { dataFile?: string; port?: number; args?: string[] } = {},
): Promise<RunningServer> {
  const dataFile = opts.dataFile ?? path.join(tempDir('wxp-e2e-'), 'wxpusher.db');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/support/test-server-main.ts',
      '--host',
      '127.0.0.1',
      '--port',
      String(opts.port ?? 0),
      '--data',
      dataFile,
      // Its standard input stays open for as long as this process lives (test-server-main.ts).
      '--exit-with-parent',
      ...(opts.args ?? []),
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in 20 s:\n${out}\n${err}`));
    }, 20_000);
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
    const onData = (d: Buffer) => {
      out += d.toString();
      const line = /WXPUSHER_SERVER_READY (\{.*\})/.exec(out);
      if (!line) return;
      clearTimeout(timer);
      // Later output (the help text, "closing…") must not run this again.
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      child.removeAllListeners('exit');
      const info = JSON.parse(line[1]!) as ServerInfo;
      resolve({
        ...info,
        dataFile,
        port: Number(new URL(info.url).port),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
          }),
      });
    };
    child.stdout!.on('data', onData);
  });
}
