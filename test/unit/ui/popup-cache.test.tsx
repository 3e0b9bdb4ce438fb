import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { toListRow } from '../../../lib/ui/list-row';
import {
  CACHED_ROWS,
  cachedRows,
  createPopupCache,
  type PopupCache,
  type PopupSnapshot,
} from '../../../lib/ui/popup-cache';
import { SERVED_LIST_ID, readServedList, servedListBlock } from '../../../lib/ui/served-list';
import { POPUP_CACHE_KEY } from '../../../lib/ui/popup-cache-key';
import { createPopupStore, PopupStoreContext, type PopupStore } from '../../../lib/ui/popup-store';
import type { WorkerClient } from '../../../lib/ui/worker-client';
import {
  createFakeWorker,
  makeStatus,
  mount,
  NOW,
  q,
  qa,
  settle,
  type,
  useLocale,
  waitFor,
  type FakeWorker,
  memoryStorage,
} from './helpers';
import { incoming } from '../helpers';
import { toStoredMessage } from '../../../lib/storage/message-store';

const row = (mid: number, over: Partial<ReturnType<typeof incoming>> = {}) =>
  toListRow(toStoredMessage(incoming(mid, over), NOW, 1));

describe('popup cache', () => {
  it('keeps a bound status and the first rows with their previews, without search text', () => {
    const storage = memoryStorage();
    const cache = createPopupCache(storage);
    const rows = Array.from({ length: CACHED_ROWS + 5 }, (_, i) =>
      row(100 - i, { content: 'x'.repeat(5000) }),
    );
    cache.write({ status: makeStatus(), rows });
    const raw = storage.items.get(POPUP_CACHE_KEY)!;
    expect(raw.length).toBeLessThan(10_000);
    expect(raw).not.toContain('xxxx');
    const back = cache.read()!;
    expect(back.status).toEqual(makeStatus());
    expect(back.rows.map((r) => r.mid)).toEqual(rows.slice(0, CACHED_ROWS).map((r) => r.mid));
    expect(back.rows[0]!.preview).toBe('Summary 100');
    expect(back.rows[0]).toEqual({ ...rows[0], searchText: 'title 100\nsummary 100\napp' });
  });

  it('reads rows remembered before previews existed, with an empty preview', () => {
    const storage = memoryStorage();
    const { searchText: _s, preview: _p, ...old } = row(7);
    storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [old] }));
    const back = createPopupCache(storage).read()!;
    expect(back.rows).toEqual([{ ...old, preview: '', searchText: 'title 7\n\napp' }]);
  });

  it('forgets everything when the status is not bound', () => {
    const storage = memoryStorage();
    const cache = createPopupCache(storage);
    cache.write({ status: makeStatus(), rows: [row(1)] });
    cache.write({ status: makeStatus({ binding: { kind: 'unbound' } }), rows: [row(1)] });
    expect(storage.items.size).toBe(0);
    expect(cache.read()).toBeNull();
  });

  it('drops a damaged entry instead of trusting it', () => {
    const storage = memoryStorage();
    const cache = createPopupCache(storage);
    for (const raw of [
      '{not json',
      'null',
      JSON.stringify({ status: makeStatus({ binding: { kind: 'unbound' } }), rows: [] }),
      JSON.stringify({ status: makeStatus(), rows: [{ mid: '1' }] }),
      JSON.stringify({ status: makeStatus(), rows: 'rows' }),
      JSON.stringify({ status: makeStatus(), rows: [{ ...row(1), preview: 5 }] }),
    ]) {
      storage.items.set(POPUP_CACHE_KEY, raw);
      expect(cache.read(), raw).toBeNull();
      expect(storage.items.has(POPUP_CACHE_KEY)).toBe(false);
    }
  });

  it('survives a full or missing storage', () => {
    const storage = memoryStorage();
    storage.full = true;
    const cache = createPopupCache(storage);
    expect(() => cache.write({ status: makeStatus(), rows: [row(1)] })).not.toThrow();
    expect(cache.read()).toBeNull();
    const broken = createPopupCache({
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    });
    expect(broken.read()).toBeNull();
    expect(() => broken.clear()).not.toThrow();
  });
});

describe('the list the worker serves a page with', () => {
  it('is one JSON block, whatever the rows hold, read back as the cache reads its own', () => {
    const hostile = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>';
    const rows = cachedRows([row(2, { title: hostile }), row(1)]);
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML = `<div id="app"></div>${servedListBlock({ status: makeStatus(), rows })}`;
    expect(doc.body.children).toHaveLength(2);
    expect(doc.querySelectorAll('script')).toHaveLength(1);
    const back = readServedList(doc)!;
    expect(back.status).toEqual(makeStatus());
    expect(back.rows.map((r) => r.line)).toEqual([hostile, 'Title 1']);
  });

  it('is nothing without a block, with a damaged one or with a status not bound', () => {
    const doc = document.implementation.createHTMLDocument('');
    expect(readServedList(doc)).toBeNull();
    const block = doc.createElement('script');
    block.id = SERVED_LIST_ID;
    block.textContent = '{"status": ';
    doc.body.append(block);
    expect(readServedList(doc)).toBeNull();
    block.textContent = JSON.stringify({
      status: makeStatus({ binding: { kind: 'unbound' } }),
      rows: [],
    });
    expect(readServedList(doc)).toBeNull();
    block.textContent = JSON.stringify({ status: makeStatus(), rows: [{ mid: 'x' }] });
    expect(readServedList(doc)).toBeNull();
  });
});

describe('popup painted from the cache', () => {
  let worker: FakeWorker;
  let store: PopupStore;
  let view: ReturnType<typeof mount>;
  let cache: PopupCache;
  let release: () => void;

  beforeEach(async () => {
    useLocale('en');
    worker = await createFakeWorker();
    cache = createPopupCache(memoryStorage());
    // The worker and the database answer only when the test says so.
    const gate = new Promise<void>((r) => (release = r));
    const call = worker.client.call;
    worker.client.call = (async (...args: Parameters<WorkerClient['call']>) => {
      await gate;
      return call(...args);
    }) as WorkerClient['call'];
    const page = worker.reader.page;
    worker.reader.page = async (account, before, limit) => {
      await gate;
      return page(account, before, limit);
    };
  });

  afterEach(() => view?.unmount());

  function open(served: PopupSnapshot | null = null) {
    store = createPopupStore({ client: worker.client, reader: worker.reader, cache, served });
    view = mount(
      <PopupStoreContext.Provider value={store}>
        <App />
      </PopupStoreContext.Provider>,
    );
  }
  const mids = () => qa(view.container, 'message-row').map((r) => Number(r.dataset.mid));

  it('shows the last open at once, then the fresh rows and status, and remembers them', async () => {
    cache.write({ status: makeStatus(), rows: [row(2), row(1)] });
    await worker.receive(3); // mid 3 arrived since; the worker is now retrying
    worker.status.connection = { kind: 'retrying', attempt: 3, retryAt: Date.now() + 5_000 };
    open();
    await settle();
    expect(mids()).toEqual([2, 1]);
    expect(q(view.container, 'connection-state')!.textContent).toBe('Connected');

    // A search typed this early runs over the remembered lines.
    type(q<HTMLInputElement>(view.container, 'search')!, 'title 1');
    await waitFor(() => expect(mids()).toEqual([1]));
    type(q<HTMLInputElement>(view.container, 'search')!, '');

    release();
    await waitFor(() => expect(mids()).toEqual([3, 2, 1]));
    await waitFor(() =>
      expect(q(view.container, 'connection-state')!.textContent).toMatch(
        /^Disconnected, retrying in \d s$/,
      ),
    );
    expect(cache.read()!.rows.map((r) => r.mid)).toEqual([3, 2, 1]);
    expect(cache.read()!.status.connection.kind).toBe('retrying');
  });

  it('with nothing kept, shows what the worker served the page with, then the fresh rows', async () => {
    await worker.receive(3); // mids 1 to 3: the served rows miss the newest
    const doc = document.implementation.createHTMLDocument('');
    doc.body.innerHTML = servedListBlock({
      status: makeStatus(),
      rows: cachedRows([row(2), row(1)]),
    });
    open(readServedList(doc));
    await settle();
    expect(mids()).toEqual([2, 1]);
    expect(q(view.container, 'connection-state')!.textContent).toBe('Connected');
    release();
    await waitFor(() => expect(mids()).toEqual([3, 2, 1]));
    expect(cache.read()!.rows.map((r) => r.mid)).toEqual([3, 2, 1]);
  });

  it('prefers what it kept itself to what the worker served', async () => {
    cache.write({ status: makeStatus(), rows: [row(5)] });
    open({ status: makeStatus(), rows: [row(9)] });
    await settle();
    expect(mids()).toEqual([5]);
    release();
  });

  it('shows the QR and forgets the cache when the worker says it is no longer bound', async () => {
    cache.write({ status: makeStatus(), rows: [row(1)] });
    worker.status.binding = { kind: 'unbound', reason: 'expired' };
    open();
    await settle();
    expect(mids()).toEqual([1]);
    release();
    await waitFor(() => expect(q(view.container, 'qr-image')).not.toBeNull());
    expect(cache.read()).toBeNull();
  });
});
