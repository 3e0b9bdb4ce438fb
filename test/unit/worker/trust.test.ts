import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BINDING_KEY } from '../../../lib/push/binding';
import { resolveServer } from '../../../lib/push/server-url';
import { openWxpDB } from '../../../lib/storage/db';
import { SETTINGS_KEY } from '../../../lib/storage/settings';
import { createWorkerCore } from '../../../lib/worker';
import type { WorkerBrowser } from '../../../lib/worker/browser';
import { releaseHostPermission } from '../../../lib/worker/host-permission';
import { FakeWebSocket } from '../fake-websocket';
import { createFakeClock, useLocale } from '../helpers';

const DEFAULT = 'http://127.0.0.1:7700';

/** The worker core over the fake browser, with a permissions fake and a server that says ok. */
function setup() {
  const clock = createFakeClock(Date.now());
  const remove = vi.fn(async (_p: { origins: string[] }) => true);
  const browser = {
    ...fakeBrowser,
    runtime: {
      ...fakeBrowser.runtime,
      getPlatformInfo: async () => ({ os: 'linux', arch: 'x86-64' }),
      sendMessage: async () => undefined,
    },
    notifications: { ...fakeBrowser.notifications, getPermissionLevel: async () => 'granted' },
    action: { setBadgeText: async () => undefined },
    permissions: { remove },
  } as unknown as WorkerBrowser;
  const fetch = vi.fn(async () => new Response(JSON.stringify({ code: 1000, data: [] })));
  const core = createWorkerCore({
    browser,
    WebSocket: FakeWebSocket,
    fetch: fetch as unknown as typeof globalThis.fetch,
    clock,
    random: () => 0.5,
    openDb: () => openWxpDB(),
    broadcast: () => undefined,
    playSound: async () => undefined,
    defaultServer: DEFAULT,
    version: '1.0.0',
    onLine: () => true,
  });
  return { core, clock, remove };
}

beforeEach(() => {
  fakeBrowser.reset();
  FakeWebSocket.reset();
  globalThis.indexedDB = new IDBFactory();
  useLocale('en');
});

describe('what the worker trusts less', () => {
  it('starts and answers with a bad server address stored: it uses the default', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { serverUrl: 'http://10.0.0.9:7700' } });
    const t = setup();

    await t.core.init();

    expect((await t.core.status()).serverUrl).toBe(DEFAULT);
    expect(FakeWebSocket.last.url.startsWith('ws://127.0.0.1:7700/ws?')).toBe(true);
  });

  it('removes the host permission of a custom server it leaves, never the default one', async () => {
    const t = setup();
    await t.core.init();
    const moveTo = async (serverUrl: string) => {
      await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { serverUrl } });
      await t.core.reloadSettings();
    };

    await moveTo('https://a.example');
    await moveTo('https://a.example:8443'); // same host: the pattern is still needed
    await moveTo('https://b.example');
    await moveTo('');

    expect(t.remove.mock.calls).toEqual([
      [{ origins: ['https://a.example/*'] }],
      [{ origins: ['https://b.example/*'] }],
    ]);
    expect((await t.core.status()).serverUrl).toBe(DEFAULT);
  });

  it("keeps a 204 notice's link only when it leads to the server or the official site", async () => {
    const t = setup();
    await t.core.init();
    const notice = async (url: string) => {
      FakeWebSocket.last.receive({ msgType: 204, title: 'New', version: '9', url, must: false });
      return (await t.core.status()).update?.url;
    };
    FakeWebSocket.last.open();

    expect(await notice('https://evil.example/update.crx')).toBe('');
    expect(await notice('http://127.0.0.1:7700/download')).toBe('http://127.0.0.1:7700/download');
    expect(await notice('https://wxpusher.zjiecode.com/')).toBe('https://wxpusher.zjiecode.com/');
  });

  it('stores a pushed message from the future at its receive time', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_a' },
    });
    const t = setup();
    await t.core.init();
    const ws = FakeWebSocket.last;
    ws.open();
    ws.receive({ msgType: 202, pushToken: 'PT_a' });
    const now = t.clock.now();

    ws.receive({ msgType: 20001, mid: 9, content: 'x', createTime: now + 365 * 86_400_000 });

    await vi.waitFor(async () => expect(await t.core.store.count()).toBe(1));
    // The first account this worker knows is account 1 (docs/architecture.md §4).
    expect((await t.core.store.get(1, 9))?.createTime).toBe(now);
  });
});

describe('releaseHostPermission', () => {
  const at = (url: string) => resolveServer(url);
  it('does nothing without the permissions API or when nothing changes', async () => {
    const remove = vi.fn(async () => true);
    expect(
      await releaseHostPermission(undefined, at('https://a.example'), at(DEFAULT), DEFAULT),
    ).toBe(false);
    expect(
      await releaseHostPermission({ remove }, at(DEFAULT), at('https://a.example'), DEFAULT),
    ).toBe(false);
    expect(remove).not.toHaveBeenCalled();
  });

  it('reports a refusal of the browser without throwing', async () => {
    const remove = vi.fn(async () => {
      throw new Error('required permission');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(
      await releaseHostPermission({ remove }, at('https://a.example'), at(DEFAULT), DEFAULT),
    ).toBe(false);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});
