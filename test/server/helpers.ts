import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import {
  createTestServer,
  type TestServer as ServerWithHooks,
  type TestServerOptions,
} from '../support/test-server';

/** The envelope every API route answers with. */
export interface Envelope<T = unknown> {
  code: number;
  msg: string;
  data: T;
  success: boolean;
}

/** A test server on 127.0.0.1:0 with a temporary database, plus request helpers. */
export interface TestServer extends ServerWithHooks {
  dir: string;
  dbPath: string;
  /** JSON request; answers the parsed envelope (and fails the test on a non-200). */
  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Envelope<T>>;
  /** Stops the server and deletes its folder. */
  dispose(): Promise<void>;
}

/** Requests an envelope from `base + path`. */
export async function callApi<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Envelope<T>> {
  const res = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers },
    body:
      body === undefined || method === 'GET'
        ? undefined
        : typeof body === 'string'
          ? body
          : JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return (await res.json()) as Envelope<T>;
}

/**
 * Starts a test server (`/__test/…` hooks included). Defaults suited to tests: rate limit off, a
 * fixed data folder under the OS temp dir (pass `dir` to restart on the same data).
 */
export async function startServer(
  options: Partial<TestServerOptions> & { dir?: string } = {},
): Promise<TestServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wxp-server-'));
  const dbPath = options.dbPath ?? join(dir, 'wxpusher.db');
  const server = await createTestServer({
    rateLimit: false,
    port: 0,
    ...options,
    dbPath,
  });
  return Object.assign(server, {
    dir,
    dbPath,
    call: <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      callApi<T>(server.url, method, path, body, headers),
    async dispose() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** A received frame (loosely typed: tests assert the fields). */
export type Frame = Record<string, unknown> & { msgType: number };

/** A `ws` client that queues frames so tests can await them in order. */
export class WsClient {
  private queue: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  /** Resolves with the close code when the socket closes. */
  readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      const i = this.waiters.findIndex((w) => w.match(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0]?.resolve(frame);
      else this.queue.push(frame);
    });
  }

  /** Connects to `/ws` and waits for the 202 frame. */
  static async open(
    server: { wsUrl: string },
    pushToken?: string,
    version = '1.0.0',
  ): Promise<{ client: WsClient; pushToken: string }> {
    const query = `version=${version}&platform=Chrome-Linux${pushToken ? `&pushToken=${pushToken}` : ''}`;
    const ws = new WebSocket(`${server.wsUrl}?${query}`);
    const client = new WsClient(ws);
    const init = await client.next((f) => f.msgType === 202);
    return { client, pushToken: String(init.pushToken) };
  }

  /** The next frame matching `match` (queued or future); rejects after `timeoutMs`. */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 3000): Promise<Frame> {
    const i = this.queue.findIndex(match);
    if (i >= 0) return Promise.resolve(this.queue.splice(i, 1)[0] as Frame);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** All matching frames received so far (removed from the queue). */
  drain(match: (f: Frame) => boolean = () => true): Frame[] {
    const taken = this.queue.filter(match);
    this.queue = this.queue.filter((f) => !match(f));
    return taken;
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Closes and waits until closed. */
  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A messages frame matcher. */
export const isMessage = (f: Frame) => f.msgType === 20001;

/** A bound browser: its socket, push token and binding. */
export interface BoundDevice {
  client: WsClient;
  pushToken: string;
  deviceUuid: string;
  deviceToken: string;
  headers: Record<string, string>;
}

/**
 * Binds a browser the way the extension does (docs/protocol.md §2): socket → 202 → login code →
 * register (10000) → confirm page POST → register (1000).
 */
export async function bindDevice(server: TestServer, uid?: string): Promise<BoundDevice> {
  const { client, pushToken } = await WsClient.open(server);
  const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');
  const body = { code: qr.data.code, pushToken, deviceName: 'Chrome-Linux-x86-64' };
  const waiting = await server.call('POST', '/api/device/register-device', body);
  if (waiting.code !== 10000) throw new Error(`expected 10000, got ${waiting.code}`);
  const confirmed = await server.call('POST', `/scan/${qr.data.code}`, uid ? { uid } : {});
  if (confirmed.code !== 1000) throw new Error(`confirm failed: ${confirmed.msg}`);
  const bound = await server.call<{ deviceUuid: string; deviceToken: string }>(
    'POST',
    '/api/device/register-device',
    body,
  );
  if (bound.code !== 1000) throw new Error(`register failed: ${bound.msg}`);
  const { deviceUuid, deviceToken } = bound.data;
  return {
    client,
    pushToken,
    deviceUuid,
    deviceToken,
    headers: { deviceToken, platform: 'Chrome-Linux', version: '1.0.0' },
  };
}

/** Sends a text message to the default user through the app API. */
export function sendToDefault(
  server: TestServer,
  content: string,
  extra: Record<string, unknown> = {},
) {
  return server.call<
    { messageId: number; messageContentId: number; sendRecordId: number; code: number }[]
  >('POST', '/api/send/message', {
    appToken: server.credentials.appToken,
    content,
    uids: [server.credentials.uid],
    ...extra,
  });
}
