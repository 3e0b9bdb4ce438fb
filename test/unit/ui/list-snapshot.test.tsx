import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { keepSnapshot, SNAPSHOT_SETTLE_MS } from '../../../lib/ui/list-snapshot-keeper';
import { paintSnapshot, saveSnapshot } from '../../../lib/ui/list-snapshot';
import { toListRow } from '../../../lib/ui/list-row';
import { createPopupCache, POPUP_CACHE_KEY } from '../../../lib/ui/popup-cache';
import { createPopupStore, PopupStoreContext, type PopupStore } from '../../../lib/ui/popup-store';
import { toStoredMessage } from '../../../lib/storage/message-store';
import { incoming } from '../helpers';
import {
  createFakeWorker,
  makeStatus,
  NOW,
  qa,
  settle,
  type,
  q,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

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

  function start(container: HTMLElement): PopupStore {
    const store = createPopupStore({
      client: worker.client,
      reader: worker.reader,
      cache: createPopupCache(storage),
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

  it('keeps the plain list, paints it into the next page, and the app takes those nodes over', async () => {
    const first = page();
    const store = start(first);
    const stop = keepSnapshot(store, first, storage, 'en');
    await waitFor(() => expect(mids(first)).toEqual([3, 2, 1]));
    await waitFor(() =>
      expect(JSON.parse(storage.items.get(POPUP_CACHE_KEY)!).markup).toBeTruthy(),
    );
    stop();

    const next = page();
    expect(paintSnapshot(storage, next, 'en')).toBe(true);
    expect(mids(next)).toEqual([3, 2, 1]);
    // Not whole and not working yet: busy, inert, nothing selected.
    expect(q(next, 'message-list')!.getAttribute('aria-busy')).toBe('true');
    expect(next.querySelector('.popup')!.hasAttribute('inert')).toBe(true);
    const painted = qa(next, 'message-row')[0]!;

    start(next);
    await settle();
    await waitFor(() => expect(q(next, 'message-list')!.hasAttribute('aria-busy')).toBe(false));
    // The same nodes, not a second copy: nothing flashes or moves.
    expect(qa(next, 'message-row')[0]).toBe(painted);
    expect(mids(next)).toEqual([3, 2, 1]);
    expect(next.querySelectorAll('.popup')).toHaveLength(1);
    expect(next.querySelector('.popup')!.hasAttribute('inert')).toBe(false);
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
    expect(paintSnapshot(storage, page(), 'en')).toBe(false);
  });

  it('paints nothing in another language, over content, or from a damaged entry', () => {
    const source = document.createElement('div');
    source.innerHTML = '<div class="popup"><p>row &lt;b&gt;</p></div>';
    storage.items.set(POPUP_CACHE_KEY, JSON.stringify({ status: makeStatus(), rows: [] }));
    saveSnapshot(storage, source, 'en');
    expect(paintSnapshot(storage, page(), 'zh-CN')).toBe(false);
    const busy = page();
    busy.append('already here');
    expect(paintSnapshot(storage, busy, 'en')).toBe(false);
    const fresh = page();
    expect(paintSnapshot(storage, fresh, 'en')).toBe(true);
    // Text stays text: the markup round-trips the page's own escaping.
    expect(fresh.querySelector('p')!.textContent).toBe('row <b>');
    expect(fresh.querySelector('b')).toBeNull();
    for (const raw of [
      '{not json',
      'null',
      JSON.stringify({ markup: { html: 5, locale: 'en' } }),
    ]) {
      storage.items.set(POPUP_CACHE_KEY, raw);
      expect(paintSnapshot(storage, page(), 'en'), raw).toBe(false);
    }
  });
});
