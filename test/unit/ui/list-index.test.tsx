import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../entrypoints/popup/App';
import { listRecords } from '../../../lib/storage/search-index';
import { SEARCH_HEAD } from '../../../lib/storage/search-pack';
import { FIRST_PAGE, LOAD_CHUNK } from '../../../lib/ui/message-list-store';
import { createMessageReader } from '../../../lib/ui/message-reader';
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

/** Leaves `value` under `name` as public/list-boot.js leaves a read it made (lib/ui/early-reads.ts). */
function leaveBootRead(name: string, value: unknown): void {
  (globalThis as unknown as Record<string, unknown>)[name] = {
    read: Promise.resolve(value),
    changed: false,
    done: () => undefined,
  };
}

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

  describe('long messages', () => {
    /** Two messages whose only mention of the word is past the start of their search text. */
    async function receiveLong() {
      const filler = 'lorem 长 ipsum '.repeat(Math.ceil(SEARCH_HEAD / 10));
      await worker.receive(2, (i) => ({
        mid: 70_000 + i,
        title: `long ${i}`,
        content: `${filler} deepword ${i}`,
        createTime: NOW - 500 * 1000 - i,
      }));
      await worker.store.indexSearch(ACCOUNT);
    }
    /** Counts the list's reads of the index's tails. */
    function countTailReads() {
      const read = worker.reader.searchTails;
      const counter = { reads: 0 };
      worker.reader.searchTails = (account) => {
        counter.reads++;
        return read(account);
      };
      return counter;
    }

    it('are found by words past their start: the rest is read once, when a search begins', async () => {
      await receiveLong();
      const tails = countTailReads();
      await open();
      await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
      expect(tails.reads).toBe(0); // opening reads only the start of each search text
      const search = q<HTMLInputElement>(view.container, 'search')!;
      type(search, 'deepword');
      await waitFor(() => expect(mids()).toEqual([70_001, 70_002]));
      expect(q(view.container, 'search-loading')).toBeNull();
      type(search, 'deepword 2');
      await waitFor(() => expect(mids()).toEqual([70_002]));
      type(search, 'needle');
      await waitFor(() => expect(mids()).toEqual([total, 1]));
      expect(tails.reads).toBe(1);
    });

    it('say the search is still going while their rest is read, and show what matches so far', async () => {
      await receiveLong();
      const read = worker.reader.searchTails;
      let release = () => undefined as void;
      worker.reader.searchTails = async (account) => {
        await new Promise<void>((resolve) => (release = resolve));
        return read(account);
      };
      await open();
      await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
      type(q<HTMLInputElement>(view.container, 'search')!, 'long');
      // The titles are in the start of the text: found at once, the note says more may come.
      await waitFor(() => expect(mids()).toEqual([70_001, 70_002]));
      expect(q(view.container, 'search-loading')?.textContent).toMatch(/long messages/);
      release();
      await waitFor(() => expect(q(view.container, 'search-loading')).toBeNull());
      expect(mids()).toEqual([70_001, 70_002]);
    });

    it('are still found when their tails are damaged: read whole, and the index rebuilt', async () => {
      await receiveLong();
      const tail = (await worker.db.getAll('searchIndex')).find((r) => r.kind === 'tail');
      if (tail?.kind !== 'tail') throw new Error('expected a tail');
      await worker.db.put('searchIndex', { ...tail, text: 'cut short' });
      await open();
      await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
      type(q<HTMLInputElement>(view.container, 'search')!, 'deepword');
      await waitFor(() => expect(mids()).toEqual([70_001, 70_002]));
      expect(worker.calls.map((c) => c.type)).toContain('indexSearch');
    });
  });

  describe("with the boot script's first page (nothing painted, public/list-boot.js)", () => {
    /** Leaves what the boot script leaves: the bound account's newest page, read as it reads it. */
    async function bootPage() {
      const rows = await createMessageReader(worker.db).page(ACCOUNT, null, FIRST_PAGE);
      leaveBootRead('__wxpEarlyPage', { account: ACCOUNT, rows });
    }
    afterEach(() => Reflect.deleteProperty(globalThis, '__wxpEarlyPage'));

    it('shows it without reading a first page, then every row from the index', async () => {
      await worker.store.indexSearch(ACCOUNT);
      await bootPage();
      await open();
      await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
      expect(reads).toEqual([]);
      expect(list().dataset.total).toBe(String(total));
    });

    it('without an index, reads on from it a page at a time', async () => {
      await bootPage();
      await open();
      await waitFor(() => expect(list().hasAttribute('aria-busy')).toBe(false));
      expect(reads).toEqual([LOAD_CHUNK, LOAD_CHUNK]);
      expect(list().dataset.total).toBe(String(total));
      type(q<HTMLInputElement>(view.container, 'search')!, 'NEEDLE');
      await waitFor(() => expect(mids()).toEqual([total, 1]));
    });

    it('shows the account bound now when the page was of the one before', async () => {
      await bootPage();
      await worker.db.put('meta', ACCOUNT + 1, 'current');
      await open();
      await waitFor(() => expect(mids()).toEqual([]));
      expect(reads).toEqual([FIRST_PAGE]);
    });
  });

  describe("with the boot script's read (public/list-boot.js)", () => {
    /** Leaves what the boot script leaves: the bound account's records, read as it reads them. */
    async function bootRead() {
      const records = await worker.db.getAll('searchIndex', listRecords(ACCOUNT));
      leaveBootRead('__wxpEarlyIndex', { account: ACCOUNT, records });
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
