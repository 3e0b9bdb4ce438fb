import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BINDING_KEY } from '../../../lib/push/binding';
import { SETTINGS_KEY } from '../../../lib/storage/settings';
import { openWxpDB } from '../../../lib/storage/db';
import type { ChangeEvent } from '../../../lib/protocol';
import { createWorkerCore } from '../../../lib/worker';
import { STARTUP_PRUNE_DELAY_MS } from '../../../lib/worker/alarms';
import { createHandlers } from '../../../lib/worker/handlers';
import type { WorkerBrowser } from '../../../lib/worker/browser';
import { FakeWebSocket } from '../fake-websocket';
import { createFakeClock, incoming, useLocale } from '../helpers';

type Reply = { code: number; msg?: string; data?: unknown };

/** The worker core over WXT's fake browser, a fake WebSocket and a scripted server. */
function setup(
  routes: Record<string, (url: URL) => Reply> = {},
  openDb: () => ReturnType<typeof openWxpDB> = () => openWxpDB(),
) {
  const clock = createFakeClock(Date.now());
  const badge: string[] = [];
  const events: ChangeEvent[] = [];
  const requests: string[] = [];
  const browser = {
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
      // The fake browser has no update(); an in-place change is a re-create there.
      update: async (id: string, options: object) =>
        id in (await fakeBrowser.notifications.getAll()) &&
        (await fakeBrowser.notifications.create(id, options as never), true),
      getPermissionLevel: async () => 'granted',
    },
    action: { setBadgeText: async ({ text }: { text: string }) => void badge.push(text) },
  } as unknown as WorkerBrowser;
  const fetch = vi.fn(async (input: string | URL | Request) => {
    const url = new URL(String(input));
    requests.push(url.pathname);
    const route = routes[url.pathname];
    const body: Reply = route ? route(url) : { code: 1004, msg: 'no such endpoint' };
    return new Response(JSON.stringify(body));
  });
  const core = createWorkerCore({
    browser,
    WebSocket: FakeWebSocket,
    fetch: fetch as unknown as typeof globalThis.fetch,
    clock,
    random: () => 0.5,
    openDb,
    broadcast: (e) => events.push(e),
    playSound: async () => undefined,
    defaultServer: 'http://127.0.0.1:7700',
    version: '1.0.0',
    onLine: () => true,
  });
  return { core, clock, badge, events, requests, browser, fetch };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const pushFrame = (mid: number, over: Record<string, unknown> = {}) => ({
  msgType: 20001,
  mid,
  qid: `Q${mid}`,
  title: `Title ${mid}`,
  name: 'App',
  summary: `Summary ${mid}`,
  content: `content ${mid}`,
  contentType: 1,
  createTime: Date.now(),
  ...over,
});

beforeEach(async () => {
  fakeBrowser.reset();
  FakeWebSocket.reset();
  globalThis.indexedDB = new IDBFactory();
  useLocale('en');
});

/**
 * A worker bound before it started (binding and pushToken in storage), its socket open and the
 * pushToken confirmed (202); `routes` as setup's, an empty history unless given.
 */
async function startBound(routes: Record<string, (url: URL) => Reply> = {}) {
  await fakeBrowser.storage.local.set({
    [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
  });
  const t = setup({
    '/api/need-login/device/message/list-v2': () => ({ code: 1000, data: [] }),
    ...routes,
  });
  await t.core.init();
  const ws = FakeWebSocket.last;
  ws.open();
  ws.receive({ msgType: 202, pushToken: 'PT_a' });
  return { t, ws };
}

describe('worker core', () => {
  it('dials the WebSocket at start with version and platform, and keeps the 202 pushToken', async () => {
    const t = setup();
    await t.core.init();
    expect(FakeWebSocket.last.url).toBe(
      'ws://127.0.0.1:7700/ws?version=1.0.0&platform=Chrome-Other',
    );
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ msgType: 202, pushToken: 'PT_a' });
    await settle();
    expect((await fakeBrowser.storage.local.get('pushToken')).pushToken).toBe('PT_a');
    expect((await t.core.status()).connection.kind).toBe('connected');

    // The next connection presents the token so the server keeps this browser's identity.
    FakeWebSocket.last.drop();
    await t.clock.advance(1_000);
    expect(FakeWebSocket.last.url).toContain('&pushToken=PT_a');
  });

  it('bound: a push is stored once, notified once, counted on the badge and broadcast', async () => {
    const { t, ws } = await startBound();
    ws.receive(pushFrame(7));
    ws.receive(pushFrame(7));
    // Wait for the write to finish (a fixed sleep was too short under a loaded machine).
    await vi.waitFor(() => expect(t.badge.at(-1)).toBe('1'));
    await settle();
    expect(await t.core.store.count()).toBe(1);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['wxp-msg:7']);
    expect(t.badge.at(-1)).toBe('1');
    expect(t.events).toContainEqual({
      type: 'messages',
      account: 1,
      added: [7],
      changed: [],
      removed: [],
    });
    expect((await t.core.status()).counters).toMatchObject({
      messagesStored: 1,
      notificationsRaised: 1,
    });
  });

  it('a relaunch dials before its binding is read; what came meanwhile is stored as one write, then notified', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
    });
    // The binding's read answers only when the test says.
    const area = fakeBrowser.storage.local;
    const get = area.get.bind(area);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    area.get = (async (keys: Parameters<typeof get>[0]) => {
      if (keys === BINDING_KEY) await gate;
      return get(keys);
    }) as typeof area.get;
    const t = setup({ '/api/need-login/device/message/list-v2': () => ({ code: 1000, data: [] }) });
    const started = t.core.init();
    await vi.waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ msgType: 202, pushToken: 'PT_a' });
    for (const mid of [1, 2, 3]) ws.receive(pushFrame(mid));
    await settle();
    // Held: nothing is stored or notified before the account is known.
    expect(t.events.filter((e) => e.type === 'messages')).toEqual([]);
    release();
    await started;
    await vi.waitFor(() => expect(t.badge.at(-1)).toBe('3'));
    await settle();
    expect(await t.core.store.count()).toBe(3);
    expect(t.events.filter((e) => e.type === 'messages')).toEqual([
      { type: 'messages', account: 1, added: [1, 2, 3], changed: [], removed: [] },
    ]);
    expect(Object.keys(await fakeBrowser.notifications.getAll()).sort()).toEqual([
      'wxp-msg:1',
      'wxp-msg:2',
      'wxp-msg:3',
    ]);
    // The 202 among them was handled too: the catch-up ran, with the account known.
    expect(t.requests).toContain('/api/need-login/device/message/list-v2');
    expect((await t.core.status()).connection.kind).toBe('connected');
  });

  it('reads its binding from storage while the database is still opening', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
    });
    const area = fakeBrowser.storage.local;
    const get = area.get.bind(area);
    const asked: unknown[] = [];
    area.get = ((keys: Parameters<typeof get>[0]) => {
      asked.push(keys);
      return get(keys);
    }) as typeof area.get;
    let open!: () => void;
    const opened = new Promise<void>((r) => (open = r));
    const t = setup({}, () => opened.then(() => openWxpDB()));
    const started = t.core.init();
    await settle();
    expect(asked).toContain(BINDING_KEY);
    open();
    await started;
    expect(t.core.binding.getState()).toMatchObject({ kind: 'bound', deviceUuid: 'D1' });
  });

  it('gives a served full view the row of the bound account, or of a named one', async () => {
    const { t, ws } = await startBound();
    ws.receive(pushFrame(7));
    await vi.waitFor(async () => expect(await t.core.store.count()).toBe(1));
    const served = await t.core.servedRow(7, null);
    expect(served).toMatchObject({
      account: 1,
      message: { mid: 7, account: 1 },
      blockImages: false,
    });
    expect(await t.core.servedRow(7, 1)).toEqual(served);
    expect(await t.core.servedRow(8, null)).toBeNull();
    expect(await t.core.servedRow(7, 2)).toBeNull();
    // The setting as stored now, not as the worker last loaded it.
    await t.core.settingsRepo.update({ blockImages: true });
    expect(await t.core.servedRow(7, null)).toMatchObject({ blockImages: true });
  });

  it('gives a served list page the status and the newest rows, only while bound', async () => {
    const unbound = setup();
    await unbound.core.init();
    expect(await unbound.core.servedList()).toBeNull();

    const { t, ws } = await startBound();
    for (const mid of [7, 8, 9]) ws.receive(pushFrame(mid));
    await vi.waitFor(async () => expect(await t.core.store.count()).toBe(3));
    const served = (await t.core.servedList())!;
    expect(served.status).toEqual(await t.core.status());
    expect(served.rows.map((r) => r.mid)).toEqual([9, 8, 7]);
    // The lines the list shows, without the search text.
    expect(served.rows[0]).not.toHaveProperty('searchText');
    expect(typeof served.rows[0]!.line).toBe('string');
    // Kept for the next open, and read again once stored messages change.
    expect((await t.core.servedList())!.rows).toBe(served.rows);
    ws.receive(pushFrame(10));
    await vi.waitFor(() =>
      expect(t.events).toContainEqual(expect.objectContaining({ type: 'messages', added: [10] })),
    );
    expect((await t.core.servedList())!.rows.map((r) => r.mid)).toEqual([10, 9, 8, 7]);
  });

  it('drops malformed frames, counts them, and keeps the connection', async () => {
    const t = setup();
    await t.core.init();
    const ws = FakeWebSocket.last;
    ws.open();
    for (const raw of ['not json', '[]', '{"msgType":20001,"mid":-1}', '{"x":1}', 'null'])
      ws.receive(raw);
    await settle();
    const status = await t.core.status();
    expect(status.counters.framesRejected).toBe(5);
    expect(status.connection.kind).toBe('connected');
  });

  it('shows the text of a 203 and backs off', async () => {
    const t = setup();
    await t.core.init();
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ msgType: 203, msg: 'version too old' });
    ws.drop();
    await settle();
    const status = await t.core.status();
    // The server's words, as data the page labels as the server's.
    expect(status.lastError).toEqual({ server: 'version too old' });
    expect(status.connection).toMatchObject({
      kind: 'retrying',
      attempt: 1,
      error: { server: 'version too old' },
    });
  });

  it('names its own errors by catalogue key, for the page to put into words', async () => {
    const t = setup();
    await t.core.init();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ msgType: 203 });
    await settle();
    expect((await t.core.status()).lastError).toEqual({ key: 'errServerClosed' });
  });

  it('a 1002 during catch-up drops the binding; the UI is told to show the QR', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
    });
    const t = setup({
      '/api/need-login/device/message/list-v2': () => ({ code: 1002, msg: 'token invalid' }),
    });
    await t.core.init();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ msgType: 202, pushToken: 'PT_a' });
    await settle();
    expect(t.core.binding.getState()).toEqual({
      kind: 'unbound',
      reason: 'expired',
      error: { server: 'token invalid' },
    });
    expect((await fakeBrowser.storage.local.get(BINDING_KEY))[BINDING_KEY]).toEqual({
      deviceUuid: 'D1',
      server: 'http://127.0.0.1:7700',
    });
  });

  it('catch-up after reconnect stores missed messages and notifies only the young ones', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
    });
    const now = Date.now();
    const t = setup({
      '/api/need-login/device/message/list-v2': (url) =>
        url.searchParams.get('messageId') === '9007199254740991'
          ? {
              code: 1000,
              data: [
                { messageId: 3, summary: 'young', createTime: now - 60_000 },
                { messageId: 2, summary: 'old', createTime: now - 25 * 3_600_000 },
              ],
            }
          : { code: 1000, data: [] },
    });
    await t.core.init();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ msgType: 202, pushToken: 'PT_a' });
    await settle();
    await settle();
    expect(await t.core.store.count()).toBe(2);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['wxp-msg:3']);
    expect(t.badge.at(-1)).toBe('2');
  });

  it('prunes by retention once its start is behind it, not before its first writes', async () => {
    const t = setup();
    const tenDaysAgo = Date.now() - 10 * 86_400_000;
    await t.core.store.putMany(1, [incoming(1, { createTime: tenDaysAgo })], tenDaysAgo);
    await t.core.init();
    expect(await t.core.store.count()).toBe(1);
    await t.clock.advance(STARTUP_PRUNE_DELAY_MS);
    await settle();
    expect(await t.core.store.count()).toBe(0);
  });

  it('a page marks read: stored, one badge update, one broadcast, read-mark sent', async () => {
    const { t, ws } = await startBound({
      '/api/need-login/device/message/read-mark': () => ({ code: 1000, data: 1 }),
    });
    ws.receive(pushFrame(7));
    await vi.waitFor(() => expect(t.badge.at(-1)).toBe('1'));
    const [badges, events] = [t.badge.length, t.events.length];

    const handlers = createHandlers(t.core, {
      openPage: async () => undefined,
      playSound: async () => {},
    });
    await handlers.markRead({ mids: [7], read: true });
    await vi.waitFor(() =>
      expect(t.requests).toContain('/api/need-login/device/message/read-mark'),
    );
    expect(t.badge.slice(badges)).toEqual(['']);
    expect(t.events.slice(events)).toEqual([
      { type: 'messages', account: 1, added: [], changed: [7], removed: [] },
    ]);
  });

  it('binding without a connection gives up after 15 s, in the catalogue words', async () => {
    const t = setup({
      '/api/device/create-login-qrcode': () => ({ code: 1000, data: { code: 'LC', expires: 0 } }),
    });
    await t.core.init();
    const state = t.core.binding.requestLoginCode();
    await t.clock.advance(15_000);
    expect(await state).toEqual({ kind: 'unbound', error: { key: 'errNoConnection' } });
  });

  it('another server in the settings: unbind, forget the pushToken and cursor, dial it', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
      catchUpSince: 5,
    });
    const t = setup({ '/api/need-login/device/logout': () => ({ code: 1000 }) });
    await t.core.init();
    FakeWebSocket.last.open();
    FakeWebSocket.last.receive({ msgType: 202, pushToken: 'PT_a' });
    await settle();

    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: { serverUrl: 'http://other.localhost:7700' },
    });
    await t.core.reloadSettings();
    // The old binding ends on the old server.
    expect(t.fetch.mock.calls.map(([url]) => String(url))).toContain(
      'http://127.0.0.1:7700/api/need-login/device/logout',
    );
    expect(t.core.binding.getState()).toMatchObject({ kind: 'unbound', reason: 'logged-out' });
    expect(await fakeBrowser.storage.local.get(['pushToken', 'catchUpSince'])).toEqual({});
    expect(FakeWebSocket.last.url).toBe(
      'ws://other.localhost:7700/ws?version=1.0.0&platform=Chrome-Other',
    );
    expect((await t.core.status()).serverUrl).toBe('http://other.localhost:7700');
  });

  it('the watchdog tick keeps a backoff schedule instead of dialling early', async () => {
    const t = setup();
    await t.core.init();
    FakeWebSocket.last.drop();
    await settle();
    const sockets = FakeWebSocket.instances.length;
    expect((await t.core.status()).connection.kind).toBe('retrying');
    await t.core.tick();
    expect(FakeWebSocket.instances.length).toBe(sockets);
    await t.clock.advance(1_500);
    expect(FakeWebSocket.instances.length).toBe(sockets + 1);
  });
});
