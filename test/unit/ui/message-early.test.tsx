import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/message/App';
import {
  readEarly,
  startEarlyRead,
  takeEarlySettings,
} from '../../../entrypoints/message/early-read';
import { createSettingsRepo, DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../lib/storage/settings';
import { DB_VERSION, openWxpDB } from '../../../lib/storage/db';
import {
  MessageViewStoreContext,
  createMessageViewStore,
} from '../../../lib/ui/message-view-store';
import {
  ACCOUNT,
  createFakeWorker,
  mount,
  q,
  settle,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

let worker: FakeWorker;
let view: ReturnType<typeof mount> | undefined;

beforeEach(async () => {
  useLocale('en');
  worker = await createFakeWorker();
});
afterEach(() => view?.unmount());

describe('the message view read before the page code loads (message-early.ts)', () => {
  it('reads the row of the bound account, or of the account named', async () => {
    await worker.receive(2, (i) => ({ title: `t${i}`, content: `c${i}` }));
    const found = await readEarly(indexedDB, '?id=2');
    expect(found).toMatchObject({ account: ACCOUNT, message: { mid: 2, content: 'c2' } });
    expect(found!.db.version).toBe(DB_VERSION);
    const other = await readEarly(indexedDB, `?id=2&account=${ACCOUNT + 5}`);
    expect(other).toMatchObject({ account: ACCOUNT + 5, message: undefined });
    expect(await readEarly(indexedDB, '?id=x')).toMatchObject({ message: undefined });
  });

  it('reads the stored settings beside the row, for the page to take', async () => {
    const items = { [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, blockImages: true } };
    const get = vi.fn((key: string) => Promise.resolve(key === SETTINGS_KEY ? items : {}));
    // `browser` where there is one (its API answers with promises in Firefox too), else `chrome`.
    vi.stubGlobal('browser', undefined);
    vi.stubGlobal('chrome', { storage: { local: { get } } });
    try {
      startEarlyRead();
      expect(get).toHaveBeenCalledWith(SETTINGS_KEY);
      const early = await takeEarlySettings();
      expect(early).toEqual(items);
      const repo = createSettingsRepo({ get, set: () => Promise.resolve() });
      expect(repo.fromItems(early!)).toEqual(await repo.load());
      expect(repo.fromItems(early!).blockImages).toBe(true);
      // A failed read leaves the page to read them itself.
      get.mockRejectedValueOnce(new Error('gone'));
      startEarlyRead();
      expect(await takeEarlySettings()).toBeNull();
    } finally {
      vi.unstubAllGlobals();
      Reflect.deleteProperty(globalThis, '__wxpEarlySettings');
      Reflect.deleteProperty(globalThis, '__wxpEarlyRead');
    }
    // Without the extension API (nothing started): nothing to take.
    expect(await takeEarlySettings()).toBeNull();
  });

  it('creates no database and leaves the upgrade to the page (none there yet)', async () => {
    const factory = new IDBFactory();
    expect(await readEarly(factory, '?id=1')).toBeNull();
    expect(await factory.databases()).toEqual([]);
    // The usual open still creates the whole schema.
    globalThis.indexedDB = factory;
    const db = await openWxpDB();
    expect([...db.objectStoreNames]).toContain('messages');
  });

  it('the store shows the early row without reading again, and later changes the usual way', async () => {
    await worker.receive(1, () => ({ title: 'Early', content: '**bold**', contentType: 3 }));
    const early = await readEarly(indexedDB, '?id=1');
    const get = vi.spyOn(worker.reader, 'get');
    const current = vi.spyOn(worker.reader, 'currentAccount');
    const store = createMessageViewStore({
      client: worker.client,
      reader: worker.reader,
      mid: 1,
      copyText: () => Promise.resolve(),
      firstRead: Promise.resolve(early),
    });
    const shown = mount(
      <MessageViewStoreContext.Provider value={store}>
        <App />
      </MessageViewStoreContext.Provider>,
    );
    view = shown;
    await settle();
    expect(q(shown.container, 'message-title')!.textContent).toBe('Early');
    await waitFor(() =>
      expect(
        q(shown.container, 'message-content')!.shadowRoot?.querySelector('strong'),
      ).not.toBeNull(),
    );
    // Opening marks it read; only the change that follows reads it again, from the account
    // the early read named (the bound account is never asked for).
    expect(worker.calls.filter((c) => c.type === 'markRead')).toHaveLength(1);
    await waitFor(() => expect(get).toHaveBeenCalledWith(ACCOUNT, 1));
    expect(get).toHaveBeenCalledTimes(1);
    expect(current).not.toHaveBeenCalled();
  });
});
