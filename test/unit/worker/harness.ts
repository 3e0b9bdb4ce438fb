import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ChangeEvent } from '../../../lib/protocol';
import { openWxpDB } from '../../../lib/storage/db';
import { createWorkerCore, type WorkerCore } from '../../../lib/worker';
import type { WorkerBrowser } from '../../../lib/worker/browser';
import { FakeWebSocket } from '../fake-websocket';
import { createFakeClock } from '../helpers';

/**
 * A route's answer: an envelope, 'network' for a request that never reaches the server, or
 * an HTTP error status (a proxy or server refusing the request itself).
 */
export type Reply = { code: number; msg?: string; data?: unknown } | 'network' | { status: number };

/** A message the scripted server holds for the bound user. */
export interface ServerMessage {
  messageId: number;
  createTime: number;
  summary: string;
  content: string;
  read?: boolean;
}

export const LIST_V2 = '/api/need-login/device/message/list-v2';
export const PAGE_SIZE = 30;

/**
 * A scripted WxPusher server for the worker core: its own clock (an offset from the browser's),
 * a message list paged like list-v2, a `Date` header on every answer, and routes a test may
 * replace. Every request is recorded.
 */
export function createFakeServer(clock: { now(): number }) {
  const messages: ServerMessage[] = [];
  const requests: URL[] = [];
  let nextId = 1;
  /** The server's clock minus the browser's. */
  let offsetMs = 0;
  const server = {
    get offsetMs(): number {
      return offsetMs;
    },
    set offsetMs(ms: number) {
      offsetMs = ms;
    },
    messages,
    requests,
    uid: 'UID_1',
    now: (): number => clock.now() + offsetMs,
    /** Creates a message now (server clock) or at `createTime`; returns it. */
    create(content = `message ${nextId}`, createTime = clock.now() + offsetMs): ServerMessage {
      const m = { messageId: nextId++, createTime, summary: content, content };
      messages.push(m);
      return m;
    },
    /** The 20001 frame of a message. */
    frame: (m: ServerMessage) => ({
      msgType: 20001,
      mid: m.messageId,
      qid: `Q${m.messageId}`,
      title: m.summary,
      name: 'App',
      summary: m.summary,
      content: m.content,
      contentType: 1,
      createTime: m.createTime,
    }),
    routes: {
      [LIST_V2]: (url: URL): Reply => {
        const cursor = Number(url.searchParams.get('messageId'));
        const page = messages
          .filter((m) => m.messageId < cursor)
          .sort((a, b) => b.messageId - a.messageId)
          .slice(0, PAGE_SIZE);
        return { code: 1000, data: page.map((m) => ({ ...m, title: m.summary, read: !!m.read })) };
      },
      '/api/need-login/device/get-user-device-info': (): Reply => ({
        code: 1000,
        data: { uid: server.uid, deviceUuid: 'D1', nickName: 'Local user', spt: 'SPT' },
      }),
      '/api/need-login/device/update-device-info': (): Reply => ({ code: 1000, data: true }),
      '/api/need-login/device/message/read-mark': (): Reply => ({ code: 1000, data: 1 }),
      '/api/need-login/device/message/delete': (): Reply => ({ code: 1000, data: 1 }),
      '/api/need-login/device/logout': (): Reply => ({ code: 1000, data: true }),
    } as Record<string, (url: URL) => Reply>,
    /** Requests made to `path` so far. */
    calls: (path: string) => requests.filter((u) => u.pathname === path),
  };
  return server;
}

export type FakeServer = ReturnType<typeof createFakeServer>;

/** WXT's fake browser plus the parts it lacks, recording the badge and notifications. */
function fakeWorkerBrowser(badge: string[], created: string[]) {
  return {
    ...fakeBrowser,
    runtime: {
      ...fakeBrowser.runtime,
      id: fakeBrowser.runtime.id,
      getURL: fakeBrowser.runtime.getURL,
      getPlatformInfo: async () => ({ os: 'linux', arch: 'x86-64' }),
      sendMessage: async () => undefined,
    },
    notifications: {
      ...fakeBrowser.notifications,
      create: async (id: string, options: object) => {
        created.push(id);
        return fakeBrowser.notifications.create(id, options as never);
      },
      // The fake browser has no update(); an in-place change is a re-create there.
      update: async (id: string, options: object) =>
        id in (await fakeBrowser.notifications.getAll()) &&
        (await fakeBrowser.notifications.create(id, options as never), true),
      getPermissionLevel: async () => 'granted',
    },
    action: { setBadgeText: async ({ text }: { text: string }) => void badge.push(text) },
  } as unknown as WorkerBrowser;
}

/**
 * The worker core over the fake browser, a fake WebSocket and the scripted server, started at
 * `start` (browser clock). `restart()` builds a new core over the same storage and database,
 * as Chrome does after stopping the worker.
 */
export function createHarness(opts: { start?: number } = {}) {
  const clock = createFakeClock(opts.start ?? Date.now());
  const server = createFakeServer(clock);
  const badge: string[] = [];
  const events: ChangeEvent[] = [];
  /** Ids of every notification created, in order. */
  const notified: string[] = [];
  const browser = fakeWorkerBrowser(badge, notified);
  const fetch = vi.fn(async (input: string | URL | Request) => {
    const url = new URL(String(input));
    server.requests.push(url);
    const route = server.routes[url.pathname];
    const reply: Reply = route ? route(url) : { code: 1004, msg: 'no such endpoint' };
    if (reply === 'network') throw new TypeError('Failed to fetch');
    const headers = { Date: new Date(server.now()).toUTCString() };
    if ('status' in reply) return new Response('refused', { status: reply.status, headers });
    return new Response(JSON.stringify(reply), { headers });
  });
  const build = (): WorkerCore =>
    createWorkerCore({
      browser,
      WebSocket: FakeWebSocket,
      fetch: fetch as unknown as typeof globalThis.fetch,
      clock,
      random: () => 0.5,
      openDb: () => openWxpDB(),
      broadcast: (e) => events.push(e),
      playSound: async () => undefined,
      defaultServer: 'http://127.0.0.1:7700',
      version: '1.0.0',
      onLine: () => true,
    });
  const h = {
    core: build(),
    clock,
    server,
    badge,
    events,
    notified,
    browser,
    fetch,
    /** The socket of the running core. */
    ws: () => FakeWebSocket.last,
    /** Opens the last socket and sends the 202 (with the server's time). */
    connect(pushToken = 'PT_a') {
      const ws = FakeWebSocket.last;
      ws.open();
      ws.receive({ msgType: 202, pushToken, createTime: server.now() });
      return ws;
    },
    /** Pushes a message on the open socket. */
    push(m: ServerMessage) {
      FakeWebSocket.last.receive(server.frame(m));
    },
    /** A new core over the same storage, database and server (a stopped worker revived). */
    async restart() {
      h.core = build();
      await h.core.init();
    },
  };
  return h;
}

export type Harness = ReturnType<typeof createHarness>;

/** Lets queued promises and IndexedDB requests run (fake-indexeddb answers on macrotasks). */
export const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 5));
};
