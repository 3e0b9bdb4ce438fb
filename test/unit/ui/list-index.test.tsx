import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { accountRecords } from '../../../lib/storage/search-index';
import { FIRST_PAGE, LOAD_CHUNK } from '../../../lib/ui/message-list-store';
import { createPopupStore, PopupStoreContext } from '../../../lib/ui/popup-store';
import {
  ACCOUNT,
  createFakeWorker,
  mount,
  NOW,
  q,
  qa,
  settle,
  type,
  useLocale,
  waitFor,
  type FakeWorker,
} from './helpers';

let worker: FakeWorker;
let view: ReturnType<typeof mount>;
/** The page sizes the list asked the rows for. */
let reads: number[];

async function open() {
  const store = createPopupStore({ client: worker.client, reader: worker.reader, debounceMs: 0 });
  view = mount(
    <PopupStoreContext.Provider value={store}>
      <App />
    </PopupStoreContext.Provider>,
  );
  await settle();
}

const mids = () => qa(view.container, 'message-row').map((r) => Number(r.dataset.mid));
const list = () => q(view.container, 'message-list')!;
const total = FIRST_PAGE + LOAD_CHUNK + 30;

beforeEach(async () => {
  useLocale('en');
  worker = await createFakeWorker();
  await worker.receive(total, (i) => ({
    title: i === 1 || i === total ? `needle ${i}` : `hay ${i}`,
    createTime: NOW - (total - i) * 1000,
  }));
  reads = [];
  const page = worker.reader.page;
  worker.reader.page = (account, before, limit) => {
    reads.push(limit);
    return page(account, before, limit);
  };
});

afterEach(() => view?.unmount());

describe('popup list over the search index', () => {
  it('makes every stored message searchable from the index after one page of rows', async () => {
    await worker.store.indexSearch(ACCOUNT);
    await open();
    await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
    expect(reads).toEqual([FIRST_PAGE]);
    expect(list().dataset.total).toBe(String(total));
    type(q<HTMLInputElement>(view.container, 'search')!, 'NEEDLE');
    await waitFor(() => expect(mids()).toEqual([total, 1])); // the oldest too
  });

  it('follows the worker after loading from the index: a new message is found', async () => {
    await worker.store.indexSearch(ACCOUNT);
    await open();
    await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
    await worker.receive(1, () => ({ mid: 99_999, title: 'needle late' }));
    type(q<HTMLInputElement>(view.container, 'search')!, 'needle');
    await waitFor(() => expect(mids()).toEqual([99_999, total, 1]));
  });

  it('without an index reads every row, still right, and asks the worker to build one', async () => {
    await open();
    await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
    expect(reads).toEqual([FIRST_PAGE, LOAD_CHUNK, LOAD_CHUNK]);
    expect(worker.calls.map((c) => c.type)).toContain('indexSearch');
    type(q<HTMLInputElement>(view.container, 'search')!, 'needle');
    await waitFor(() => expect(mids()).toEqual([total, 1]));
    view.unmount();

    // The next open finds the index the worker built.
    await worker.store.indexSearch(ACCOUNT);
    reads = [];
    await open();
    await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
    expect(reads).toEqual([FIRST_PAGE]);
    expect(list().dataset.total).toBe(String(total));
  });

  it('with a damaged index reads the rows instead', async () => {
    await worker.store.indexSearch(ACCOUNT);
    const chunk = await worker.db.get('searchIndex', [ACCOUNT, 1]);
    if (chunk?.kind !== 'chunk') throw new Error('expected a chunk');
    chunk.text.line = 'cut short';
    await worker.db.put('searchIndex', chunk);
    await open();
    await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
    expect(reads).toEqual([FIRST_PAGE, LOAD_CHUNK, LOAD_CHUNK]);
    expect(list().dataset.total).toBe(String(total));
  });

  describe("with the boot script's read (public/list-boot.js)", () => {
    /** Leaves what the boot script leaves: the bound account's records, read as it reads them. */
    async function bootRead() {
      const records = await worker.db.getAll('searchIndex', accountRecords(ACCOUNT));
      (globalThis as { __wxpEarlyIndex?: unknown }).__wxpEarlyIndex = {
        read: Promise.resolve({ account: ACCOUNT, records }),
        changed: false,
        done: () => undefined,
      };
    }
    afterEach(() => Reflect.deleteProperty(globalThis, '__wxpEarlyIndex'));

    it('holds every row at once, reading no page of rows', async () => {
      await worker.store.indexSearch(ACCOUNT);
      await bootRead();
      await open();
      await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
      expect(reads).toEqual([]);
      expect(list().dataset.total).toBe(String(total));
      type(q<HTMLInputElement>(view.container, 'search')!, 'NEEDLE');
      await waitFor(() => expect(mids()).toEqual([total, 1]));
    });

    it('shows the account bound now when the read was of the one before', async () => {
      await worker.store.indexSearch(ACCOUNT);
      await bootRead();
      await worker.db.put('meta', ACCOUNT + 1, 'current');
      await open();
      await waitFor(() => expect(mids()).toEqual([]));
      expect(reads).toEqual([FIRST_PAGE]);
    });
  });
});
