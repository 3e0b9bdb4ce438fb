import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { keepSnapshot, SNAPSHOT_SETTLE_MS } from '../../../lib/ui/list-snapshot-keeper';
import { rememberReadState, rememberRemoved, saveSnapshot } from '../../../lib/ui/list-snapshot';
import { toListRow } from '../../../lib/ui/list-row';
import { LIST_PREFS_KEY } from '../../../lib/ui/list-view';
import {
  cachedRows,
  createPopupCache,
  parseSnapshot,
  type PopupSnapshot,
} from '../../../lib/ui/popup-cache';
import { servedListMarkup } from '../../../lib/ui/served-list-markup';
import { POPUP_CACHE_KEY } from '../../../lib/ui/popup-cache-key';
import { createPopupStore, PopupStoreContext, type PopupStore } from '../../../lib/ui/popup-store';
import { toStoredMessage } from '../../../lib/storage/message-store';
import { accountRecords, buildSearchIndex } from '../../../lib/storage/search-index';
import { takeEarlyIndex, takeEarlyStatus } from '../../../lib/ui/early-reads';
import { FIRST_PAGE } from '../../../lib/ui/list-pages';
import { incoming } from '../helpers';
import {
  ACCOUNT,
  createFakeWorker,
  makeStatus,
  memoryStorage,
  NOW,
  qa,
  settle,
  type,
  q,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

/** The boot script the popup and the side panel load, run as the pages run it (a classic script). */
const BOOT_SCRIPT = readFileSync(
  path.resolve(import.meta.dirname, '../../../public/list-boot.js'),
  'utf8',
);

/** The worker's broadcast of a message stored meanwhile (docs/architecture.md §7). */
const MESSAGE_ADDED = { type: 'messages', account: ACCOUNT, added: [4], changed: [], removed: [] };

/** What the boot script leaves for the app (lib/ui/early-reads.ts). */
const EARLY_READS = ['__wxpEarlyIndex', '__wxpEarlyPage', '__wxpEarlyStatus'];

/**
 * Runs public/list-boot.js on `app` (made the page's #app) over `storage` (the page's
 * localStorage), in a browser whose catalogue is in `locale`, as a tag naming `code` (the
 * page's `data-app`), with `runtime` as the extension API's (none: the boot script cannot ask the
 * worker). Returns whether it painted.
 */
function bootPaint(
  storage: ReturnType<typeof memoryStorage>,
  app: HTMLElement,
  locale: string,
  code = '',
  runtime?: { sendMessage(message: unknown): Promise<unknown> },
): boolean {
  const before = app.childNodes.length;
  for (const other of document.querySelectorAll('#app')) other.removeAttribute('id');
  app.id = 'app';
  const messages: Record<string, string> = { catalogueLocale: locale };
  vi.stubGlobal('chrome', {
    i18n: { getMessage: (key: string) => messages[key] ?? '', getUILanguage: () => 'en-US' },
    runtime,
  });
  vi.stubGlobal('localStorage', storage);
  const tag = document.createElement('script');
  if (code) tag.dataset.app = code;
  Object.defineProperty(document, 'currentScript', { value: tag, configurable: true });
  try {
    new Function(BOOT_SCRIPT)();
  } finally {
    vi.unstubAllGlobals();
    Reflect.deleteProperty(document, 'currentScript');
    app.removeAttribute('id');
  }
  return before === 0 && app.childNodes.length > 0;
}

/** The scripts the boot script added to the head, in order: what kind, and their addresses. */
function started(): string[] {
  return [...document.head.querySelectorAll('script')].map(
    (el) => `${el.type || 'classic'} ${el.getAttribute('src')}`,
  );
}

/** What a plain list of the test account with nothing unread showed. */
const SHOWN = { account: ACCOUNT, unread: 0, unreadOnly: false };

const mids = (root: ParentNode) => qa(root, 'message-row').map((r) => Number(r.dataset.mid));

describe('the list painted before the app starts', () => {
  let worker: FakeWorker;
  let storage: ReturnType<typeof memoryStorage>;
  const containers: HTMLElement[] = [];

  beforeEach(async () => {
    useLocale('en');
    worker = await createFakeWorker();
    storage = memoryStorage();
    await worker.receive(3);
  });

  afterEach(() => {
    // The early reads' channels, where a test left them untaken.
    for (const name of EARLY_READS) {
      (globalThis as unknown as Record<string, { done(): void } | undefined>)[name]?.done();
      Reflect.deleteProperty(globalThis, name);
    }
    for (const c of containers.splice(0)) {
      act(() => render(null, c));
      c.remove();
    }
  });

  function page(): HTMLElement {
    const container = document.createElement('div');
    document.body.append(container);
    containers.push(container);
    return container;
  }

  function start(container: HTMLElement, served: PopupSnapshot | null = null): PopupStore {
    const store = createPopupStore({
      client: worker.client,
      reader: worker.reader,
      cache: createPopupCache(storage),
      served,
    });
    act(() =>
      render(
        <PopupStoreContext.Provider value={store}>
          <App />
        </PopupStoreContext.Provider>,
        container,
      ),
    );
    return store;
  }

  /**
   * Starts the app on `container`, painted before it (its first row `painted`), and checks that
   * it took those nodes over once the list is whole: the same nodes, not a second copy, so
   * nothing flashes or moves; working (no longer inert).
   */
  async function expectTakenOver(
    container: HTMLElement,
    painted: HTMLElement,
    served: PopupSnapshot | null = null,
  ): Promise<void> {
    start(container, served);
    await settle();
    await waitFor(() =>
      expect(q(container, 'message-list')!.hasAttribute('aria-busy')).toBe(false),
    );
    expect(qa(container, 'message-row')[0]).toBe(painted);
    expect(mids(container)).toEqual([3, 2, 1]);
    expect(container.querySelectorAll('.popup')).toHaveLength(1);
    expect(container.querySelector('.popup')!.hasAttribute('inert')).toBe(false);
  }

  /** Shows the three rows in a first page until its list markup is kept; returns that markup. */
  async function keepFirstList(): Promise<string> {
    const first = page();
    const store = start(first);
    const stop = keepSnapshot(store, first, storage, 'en');
    await waitFor(() => expect(mids(first)).toEqual([3, 2, 1]));
    await waitFor(() =>
      expect(JSON.parse(storage.items.get(POPUP_CACHE_KEY)!).markup).toBeTruthy(),
    );
    stop();
    return JSON.parse(storage.items.get(POPUP_CACHE_KEY)!).markup.html as string;
  }

  it('keeps the plain list, paints it into the next page, and the app takes those nodes over', async () => {
    await keepFirstList();

    const next = page();
    expect(bootPaint(storage, next, 'en')).toBe(true);
    expect(mids(next)).toEqual([3, 2, 1]);
    // Not whole and not working yet: busy, inert, nothing selected.
    expect(q(next, 'message-list')!.getAttribute('aria-busy')).toBe('true');
    expect(next.querySelector('.popup')!.hasAttribute('inert')).toBe(true);
    const painted = qa(next, 'message-row')[0]!;

    await expectTakenOver(next, painted);
  });

  it('keeps the rows in the viewport only; the app takes them over and adds the rest below', async () => {
    // jsdom lays nothing out: the list's viewport shows its first 150 px, the day's heading
    // (28 px) and two rows (82 px each, with their preview) of three.
    const viewport = vi
      .spyOn(HTMLElement.prototype, 'clientHeight', 'get')
      .mockImplementation(function (this: HTMLElement) {
        return this.classList.contains('list-viewport') ? 150 : 0;
      });
    try {
      const kept = await keepFirstList();
      expect(kept.match(/<li /g)).toHaveLength(3);

      const next = page();
      expect(bootPaint(storage, next, 'en')).toBe(true);
      expect(mids(next)).toEqual([3, 2]);
      expect(qa(next, 'day-heading')).toHaveLength(1);
      await expectTakenOver(next, qa(next, 'message-row')[0]!);
    } finally {
      viewport.mockRestore();
    }
  });

  it('keeps nothing while a search is shown; the rows and status rewrite keeps the markup', async () => {
    const first = page();
    const store = start(first);
    await waitFor(() => expect(mids(first)).toEqual([3, 2, 1]));
    const stop = keepSnapshot(store, first, storage, 'en');
    type(q<HTMLInputElement>(first, 'search')!, 'title 2');
    await waitFor(() => expect(mids(first)).toEqual([2]));
    await new Promise((r) => setTimeout(r, SNAPSHOT_SETTLE_MS * 2));
    const entry = JSON.parse(storage.items.get(POPUP_CACHE_KEY)!);
    expect(entry.markup).toBeUndefined();

    type(q<HTMLInputElement>(first, 'search')!, '');
    await waitFor(() =>
      expect(JSON.parse(storage.items.get(POPUP_CACHE_KEY)!).markup).toBeTruthy(),
    );
    stop();
    const { markup } = JSON.parse(storage.items.get(POPUP_CACHE_KEY)!);
    // A new status and rows keep the markup; forgetting the cache forgets it too.
    const cache = createPopupCache(storage);
    const row = toListRow(toStoredMessage(incoming(9), NOW, 1));
    cache.write({ status: makeStatus({ lastMessageAt: NOW }), rows: [row] });
    expect(JSON.parse(storage.items.get(POPUP_CACHE_KEY)!).markup).toEqual(markup);
    cache.clear();
    expect(bootPaint(storage, page(), 'en')).toBe(false);
  });

  it("paints a hostile sender's title, summary and app name as text, never as markup", async () => {
    worker = await createFakeWorker();
    const title = '<img src=x onerror="globalThis.pwned=1"><script>globalThis.pwned=2</script>';
    const summary = '</div><iframe src="javascript:alert(1)"></iframe>&amp;';
    const name = '<svg onload=alert(1)>';
    await worker.receive(2, () => ({ title, summary, name }));
    const first = page();
    const store = start(first);
    const stop = keepSnapshot(store, first, storage, 'en');
    await waitFor(() => expect(mids(first)).toEqual([2, 1]));
    await waitFor(() =>
      expect(JSON.parse(storage.items.get(POPUP_CACHE_KEY)!).markup).toBeTruthy(),
    );
    stop();

    const next = page();
    expect(bootPaint(storage, next, 'en')).toBe(true);
    expect(mids(next)).toEqual([2, 1]);
    expect(next.querySelector('img, script, iframe, svg')).toBeNull();
    const handlers = [...next.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith('on')),
    );
    expect(handlers).toEqual([]);
    const row = qa(next, 'message-row')[0]!;
    expect(row.textContent).toContain(title);
    expect(row.textContent).toContain(summary);
    expect(row.textContent).toContain(name);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  describe('a read mark or delete made on another page', () => {
    const entry = () => JSON.parse(storage.items.get(POPUP_CACHE_KEY)!);

    /** Renders the list in a page that keeps its snapshot; returns the page and its store. */
    async function kept(expected: number[]) {
      const first = page();
      const store = start(first);
      const stop = keepSnapshot(store, first, storage, 'en');
      await waitFor(() => expect(mids(first)).toEqual(expected));
      await waitFor(() => expect(entry().markup).toBeTruthy());
      return { first, store, stop };
    }

    /** Drops the kept markup, runs `change`, and returns the markup the keeper saves after. */
    async function resaved(change: () => Promise<unknown>): Promise<string> {
      storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ ...entry(), markup: undefined }));
      await act(async () => void (await change()));
      await waitFor(() => expect(entry().markup).toBeTruthy());
      return entry().markup.html;
    }

    it('is painted by the next open exactly as the list renders it, both ways', async () => {
      const { first, store, stop } = await kept([3, 2, 1]);
      const unreadHtml = entry().markup.html as string;
      expect(entry().markup).toMatchObject({ account: ACCOUNT, unread: 3, unreadOnly: false });
      stop();

      // The full view read message 2 while no list was open (the popup closed as it opened).
      rememberReadState(storage, ACCOUNT, 2, true, 'en');
      const patched = entry();
      expect(patched.markup.unread).toBe(2);
      expect(patched.rows.find((r: { mid: number }) => r.mid === 2).unread).toBe(false);
      const next = page();
      expect(bootPaint(storage, next, 'en')).toBe(true);
      expect(qa(next, 'message-row').map((r) => r.dataset.unread)).toEqual(['1', '0', '1']);
      expect(q(next, 'unread-count')!.textContent).toBe('2 unread');

      // What the list itself renders and keeps once the message is read is that very markup.
      const again = keepSnapshot(store, first, storage, 'en');
      expect(await resaved(() => store.list.setRead(2, true))).toBe(patched.markup.html);
      again();
      storage.items.set(POPUP_CACHE_KEY, JSON.stringify(patched));
      // And marked unread again, the markup from before.
      rememberReadState(storage, ACCOUNT, 2, false, 'en');
      expect(entry().markup).toMatchObject({ html: unreadHtml, unread: 3 });
      // A mark that changes nothing leaves it as it is.
      rememberReadState(storage, ACCOUNT, 2, false, 'en');
      expect(entry().markup).toMatchObject({ html: unreadHtml, unread: 3 });
    });

    it("drops the markup it cannot patch exactly, and leaves another account's list alone", async () => {
      const { stop } = await kept([3, 2, 1]);
      stop();
      const kept0 = entry();
      rememberReadState(storage, ACCOUNT + 1, 2, true, 'en');
      rememberRemoved(storage, ACCOUNT + 1, 2);
      expect(entry()).toEqual(kept0);

      // The row is not painted (scrolled away): the markup stays, as for a message arriving.
      rememberReadState(storage, ACCOUNT, 99, true, 'en');
      expect(entry()).toEqual(kept0);

      // Only unread rows shown (the row would leave), or another language.
      for (const markup of [
        { ...kept0.markup, unreadOnly: true },
        { ...kept0.markup, locale: 'zh-CN' },
      ]) {
        storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ ...kept0, markup }));
        rememberReadState(storage, ACCOUNT, 2, true, 'en');
        expect(entry().markup).toBeUndefined();
        expect(entry().rows.find((r: { mid: number }) => r.mid === 2).unread).toBe(false);
      }
      // Damaged or missing entries stay as they are.
      for (const raw of ['{not json', 'null']) {
        storage.items.set(POPUP_CACHE_KEY, raw);
        rememberReadState(storage, ACCOUNT, 2, true, 'en');
        rememberRemoved(storage, ACCOUNT, 2);
        expect(storage.items.get(POPUP_CACHE_KEY)).toBe(raw);
      }
    });

    it('a deleted message leaves the remembered rows, and the markup that paints it', async () => {
      const { stop } = await kept([3, 2, 1]);
      stop();
      const kept0 = entry();
      rememberRemoved(storage, ACCOUNT, 99);
      expect(entry().markup).toEqual(kept0.markup);
      rememberRemoved(storage, ACCOUNT, 2);
      expect(entry().markup).toBeUndefined();
      expect(entry().rows.map((r: { mid: number }) => r.mid)).toEqual([3, 1]);
      expect(bootPaint(storage, page(), 'en')).toBe(false);
    });
  });

  it('marks a tab open for the tab layout, and paints nothing without the extension API', () => {
    const source = document.createElement('div');
    source.innerHTML = '<div class="popup"><p>row</p></div>';
    storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [] }));
    saveSnapshot(storage, source, 'en', SHOWN);
    history.replaceState(null, '', '?tab=1');
    try {
      expect(bootPaint(storage, page(), 'en')).toBe(true);
      expect(document.documentElement.classList.contains('in-tab')).toBe(true);
    } finally {
      history.replaceState(null, '', location.pathname);
      document.documentElement.classList.remove('in-tab');
    }
    // A page opened outside the extension (no chrome.i18n) leaves #app to the app.
    const app = page();
    app.id = 'app';
    new Function(BOOT_SCRIPT)();
    app.removeAttribute('id');
    expect(app.childNodes).toHaveLength(0);
  });

  it("starts the page's script after its frame, or at once with nothing to paint", async () => {
    const code = '/popup-app.js';
    const expected = ['classic /popup-app.js'];
    const clean = () => {
      for (const el of document.head.querySelectorAll('script, link')) el.remove();
    };
    try {
      // Nothing remembered: the script starts at once.
      expect(bootPaint(storage, page(), 'en', code)).toBe(false);
      expect(started()).toEqual(expected);
      clean();

      const source = document.createElement('div');
      source.innerHTML = '<div class="popup"><p>row</p></div>';
      storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [] }));
      saveSnapshot(storage, source, 'en', SHOWN);
      expect(bootPaint(storage, page(), 'en', code)).toBe(true);
      // Painted: the script waits for the frame that shows it, then starts once.
      expect(started()).toEqual([]);
      await waitFor(() => expect(started()).toEqual(expected));
      await new Promise((r) => setTimeout(r, 150));
      expect(started()).toEqual(expected);
      clean();

      // Kept in another language: nothing painted, the script starts at once.
      expect(bootPaint(storage, page(), 'zh-CN', code)).toBe(false);
      expect(started()).toEqual(expected);
      clean();

      // The script failed to load (the worker stopped before handing it out): asked once more.
      expect(bootPaint(storage, page(), 'zh-CN', code)).toBe(false);
      document.head.querySelector('script')!.dispatchEvent(new Event('error'));
      expect(started()).toEqual([...expected, 'classic /popup-app.js?again']);
      document.head.querySelectorAll('script')[1]!.dispatchEvent(new Event('error'));
      expect(started()).toHaveLength(2);
    } finally {
      clean();
    }
  });

  describe("the search index read beside the page's script", () => {
    const early = () => (globalThis as { __wxpEarlyIndex?: unknown }).__wxpEarlyIndex;

    /** Boots over a remembered list and waits for the frame after it (the early read starts). */
    async function bootRemembered(): Promise<void> {
      const source = document.createElement('div');
      source.innerHTML = '<div class="popup"><p>row</p></div>';
      storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [] }));
      saveSnapshot(storage, source, 'en', SHOWN);
      expect(bootPaint(storage, page(), 'en')).toBe(true);
      expect(early()).toBeUndefined();
      await waitFor(() => expect(early()).toBeDefined());
    }

    it("after a remembered list is painted, the bound account's records are read once, for the list to take", async () => {
      await buildSearchIndex(worker.db, ACCOUNT);
      const stored = await worker.db.getAll('searchIndex', accountRecords(ACCOUNT));
      expect(stored.length).toBeGreaterThan(1);
      await bootRemembered();
      expect(await takeEarlyIndex()).toEqual({ account: ACCOUNT, records: stored });
      expect(early()).toBeUndefined();
      expect(await takeEarlyIndex()).toBeNull();
      // The list built from them is the one read directly.
      await bootRemembered();
      const read = await worker.reader.early();
      expect(read?.account).toBe(ACCOUNT);
      expect(read?.rows.map((r) => r.mid)).toEqual([3, 2, 1]);
      expect(read?.rows).toEqual(await worker.reader.indexed(ACCOUNT));
      expect(await worker.reader.early()).toBeNull();
    });

    it('is not taken when a change of messages was heard meanwhile', async () => {
      await buildSearchIndex(worker.db, ACCOUNT);
      await bootRemembered();
      const channel = new BroadcastChannel('wxp-changes');
      channel.postMessage(MESSAGE_ADDED);
      await waitFor(() => expect((early() as { changed: boolean }).changed).toBe(true));
      channel.close();
      expect(await takeEarlyIndex()).toBeNull();
    });

    it('reads no index with nothing painted, and never creates the database', async () => {
      expect(bootPaint(storage, page(), 'en')).toBe(false);
      await new Promise((r) => setTimeout(r, 150));
      expect(early()).toBeUndefined();

      worker.db.close();
      globalThis.indexedDB = new IDBFactory();
      await bootRemembered();
      expect(await takeEarlyIndex()).toBeNull();
      expect(await indexedDB.databases()).toEqual([]);
    });
  });

  describe("with nothing to paint: the first page and the status, asked for beside the page's script", () => {
    const answer = { ok: true, result: makeStatus() };
    let sent: unknown[];
    const runtime = {
      sendMessage: (message: unknown) => {
        sent.push(message);
        return Promise.resolve(answer);
      },
    };
    beforeEach(() => {
      sent = [];
    });

    it("reads the bound account's first page as the list reads it, and asks for the status once", async () => {
      await worker.receive(FIRST_PAGE + 10);
      expect(bootPaint(storage, page(), 'en', '', runtime)).toBe(false);
      expect(sent).toEqual([{ wxp: 1, type: 'getStatus' }]);
      const read = await worker.reader.earlyPage();
      expect(read?.account).toBe(ACCOUNT);
      expect(read?.rows).toHaveLength(FIRST_PAGE);
      expect(read?.rows).toEqual(await worker.reader.page(ACCOUNT, null, FIRST_PAGE));
      expect(await worker.reader.earlyPage()).toBeNull();
      expect(await takeEarlyStatus()).toEqual(answer);
      expect(await takeEarlyStatus()).toBeNull();
    });

    it('hands over neither when the worker announced a change of it meanwhile', async () => {
      expect(bootPaint(storage, page(), 'en', '', runtime)).toBe(false);
      const channel = new BroadcastChannel('wxp-changes');
      channel.postMessage({ type: 'status' });
      channel.postMessage(MESSAGE_ADDED);
      const early = (name: string) =>
        (globalThis as unknown as Record<string, { changed: boolean } | undefined>)[name];
      await waitFor(() => expect(early('__wxpEarlyPage')?.changed).toBe(true));
      await waitFor(() => expect(early('__wxpEarlyStatus')?.changed).toBe(true));
      channel.close();
      expect(await worker.reader.earlyPage()).toBeNull();
      expect(await takeEarlyStatus()).toBeNull();
    });

    it('reads no page without a database, and never creates one', async () => {
      worker.db.close();
      globalThis.indexedDB = new IDBFactory();
      expect(bootPaint(storage, page(), 'en', '', runtime)).toBe(false);
      expect(await worker.reader.earlyPage()).toBeNull();
      expect(await indexedDB.databases()).toEqual([]);
      // Without the extension API the status is asked for by the app alone.
      expect(bootPaint(storage, page(), 'en')).toBe(false);
      expect(await takeEarlyStatus()).toBeNull();
    });
  });

  it('keeps a list the worker served when it is what the page keeps, and replaces it if not', () => {
    const source = document.createElement('div');
    source.innerHTML =
      '<div class="popup"><p title="a &quot;b&quot;">row &lt;b&gt; &amp; 5$&amp;</p></div>';
    storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [] }));
    saveSnapshot(storage, source, 'en', SHOWN);
    const kept = JSON.parse(storage.items.get(POPUP_CACHE_KEY)!).markup.html as string;
    const served = (html: string) => {
      const app = page();
      app.setAttribute('data-served', '');
      app.innerHTML = html;
      return app;
    };

    // The same markup: the served nodes stay (nothing is painted twice).
    const same = served(kept);
    const node = same.querySelector('p');
    bootPaint(storage, same, 'en');
    expect(same.querySelector('p')).toBe(node);
    expect(same.innerHTML).toBe(kept);

    // The worker missed a change: what the page keeps is painted instead.
    const stale = served('<div class="popup"><p>an older list</p></div>');
    bootPaint(storage, stale, 'en');
    expect(stale.innerHTML).toBe(kept);

    // The page keeps nothing (forgotten, or another language): nothing stays painted.
    const other = served(kept);
    bootPaint(storage, other, 'zh-CN');
    expect(other.childNodes).toHaveLength(0);
    storage.items.delete(POPUP_CACHE_KEY);
    const none = served(kept);
    bootPaint(storage, none, 'en');
    expect(none.childNodes).toHaveLength(0);
  });

  it('keeps the first view the worker wrote from the rows it served; the app takes it over', async () => {
    const rows = (await worker.reader.page(ACCOUNT, null, FIRST_PAGE)).map(toListRow);
    const snapshot = parseSnapshot({ status: makeStatus(), rows: cachedRows(rows) })!;
    const code = '/popup-app.js';
    /** A page as the worker serves it with nothing kept: its view in #app, the block beside. */
    const served = () => {
      const app = page();
      app.setAttribute('data-served', 'rows');
      app.innerHTML = servedListMarkup(snapshot, Date.now())!;
      return app;
    };
    const clean = () => {
      for (const el of document.head.querySelectorAll('script')) el.remove();
    };
    try {
      const next = served();
      const painted = qa(next, 'message-row')[0]!;
      bootPaint(storage, next, 'en', code);
      expect(qa(next, 'message-row')[0]).toBe(painted);
      // Painted: the script waits for the frame, and the index is read beside it, not the page.
      expect(started()).toEqual([]);
      await waitFor(() => expect(started()).toEqual(['classic /popup-app.js']));
      expect(Object.keys(globalThis).filter((k) => EARLY_READS.includes(k))).toEqual([
        '__wxpEarlyIndex',
      ]);
      await expectTakenOver(next, painted, snapshot);
      clean();

      // Showing unread messages only, a view the worker does not write: taken out, and the
      // app starts at once.
      storage.items.set(LIST_PREFS_KEY, JSON.stringify({ unreadOnly: true }));
      const filtered = served();
      bootPaint(storage, filtered, 'en', code);
      expect(filtered.childNodes).toHaveLength(0);
      expect(started()).toEqual(['classic /popup-app.js']);
      storage.items.delete(LIST_PREFS_KEY);
      clean();

      // The page keeps markup of its own (the worker had not heard of it): that is painted.
      const source = document.createElement('div');
      source.innerHTML = '<div class="popup"><p>kept</p></div>';
      storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [] }));
      saveSnapshot(storage, source, 'en', SHOWN);
      const kept = served();
      bootPaint(storage, kept, 'en', code);
      expect(kept.querySelector('p')!.textContent).toBe('kept');
      expect(qa(kept, 'message-row')).toHaveLength(0);
    } finally {
      clean();
    }
  });

  it('paints nothing in another language, over content, or from a damaged entry', () => {
    const source = document.createElement('div');
    source.innerHTML = '<div class="popup"><p>row &lt;b&gt;</p></div>';
    storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [] }));
    saveSnapshot(storage, source, 'en', SHOWN);
    expect(bootPaint(storage, page(), 'zh-CN')).toBe(false);
    const busy = page();
    busy.append('already here');
    expect(bootPaint(storage, busy, 'en')).toBe(false);
    const fresh = page();
    expect(bootPaint(storage, fresh, 'en')).toBe(true);
    // Text stays text: the markup round-trips the page's own escaping.
    expect(fresh.querySelector('p')!.textContent).toBe('row <b>');
    expect(fresh.querySelector('b')).toBeNull();
    for (const raw of [
      '{not json',
      'null',
      JSON.stringify({ markup: { html: 5, locale: 'en' } }),
    ]) {
      storage.items.set(POPUP_CACHE_KEY, raw);
      expect(bootPaint(storage, page(), 'en'), raw).toBe(false);
    }
  });
});
