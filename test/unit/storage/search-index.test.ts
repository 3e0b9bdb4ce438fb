import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openWxpDB, type WxpDatabase } from '../../../lib/storage/db';
import { createMessageStore, type MessageStore } from '../../../lib/storage/message-store';
import {
  applyToIndex,
  buildSearchIndex,
  dropSearchIndex,
  readSearchIndex,
  readSearchTails,
  unreadInIndex,
  type IndexStore,
} from '../../../lib/storage/search-index';
import {
  CHUNK_ROWS,
  SEARCH_HEAD,
  packChunk,
  tailTexts,
  unpackChunk,
} from '../../../lib/storage/search-pack';
import { toListRow, type ListRow } from '../../../lib/ui/list-row';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;
const A = 1;
const B = 2;
let db: WxpDatabase;
let store: MessageStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openWxpDB();
  store = createMessageStore(db);
});

/** What the list would show, read from the rows themselves, newest first. */
async function fromRows(account: number): Promise<ListRow[]> {
  const rows = await db.getAllFromIndex(
    'messages',
    'accountTime',
    IDBKeyRange.bound([account, -Infinity], [account, Infinity]),
  );
  return rows.reverse().map(toListRow);
}

const mids = (rows: ListRow[] | null) => rows?.map((r) => r.mid);

describe('search index packing', () => {
  it('round-trips rows, hostile text included, through a packed chunk', () => {
    const rows: ListRow[] = [
      {
        mid: 9,
        name: 'a\u0000b',
        line: '😀 line',
        preview: '',
        createTime: 5,
        unread: true,
        searchText: 'x\u0000y',
      },
      {
        mid: 2 ** 40,
        name: '',
        line: '',
        preview: 'p'.repeat(140),
        createTime: 0,
        unread: false,
        searchText: '',
      },
    ];
    const packed = structuredClone(packChunk(A, 1, rows));
    expect(packed.tail).toBeNull();
    expect(unpackChunk(packed.chunk)).toEqual(rows);
  });

  it('keeps the start of a long search text in the chunk and the rest in its tail', () => {
    const long = (mid: number, length: number): ListRow => ({
      mid,
      name: 'n',
      line: 'l',
      preview: '',
      createTime: mid,
      unread: false,
      searchText: `${mid}:`.padEnd(length, '长x'),
    });
    const rows = [long(1, 10), long(2, SEARCH_HEAD), long(3, SEARCH_HEAD + 1), long(4, 9_000)];
    const { chunk, tail } = structuredClone(packChunk(A, 7, rows));
    expect(chunk.text.searchText.length).toBe(10 + SEARCH_HEAD * 3);
    expect(tail).toMatchObject({ kind: 'tail', account: A, no: -7 });
    expect([...tail!.mids]).toEqual([3, 4]);
    // Read without the tail: the cut rows say so and carry the start of their text.
    const cut = unpackChunk(chunk);
    expect(cut.map((r) => r.searchCut ?? false)).toEqual([false, false, true, true]);
    expect(cut[3]!.searchText).toBe(rows[3]!.searchText.slice(0, SEARCH_HEAD));
    expect(new Map([...tailTexts(tail!)].map(([mid, rest]) => [mid, rest.length]))).toEqual(
      new Map([
        [3, 1],
        [4, 9_000 - SEARCH_HEAD],
      ]),
    );
    // With it, every row whole again.
    expect(unpackChunk(chunk, tail)).toEqual(rows);
  });

  it('refuses a chunk whose columns disagree, or a tail that does not match its chunk', () => {
    const { chunk } = packChunk(A, 1, [toListRow({ ...stored(1) })]);
    chunk.text.searchText += 'extra';
    expect(() => unpackChunk(chunk)).toThrow(/damaged/);

    const longRow = { ...toListRow(stored(2)), searchText: 'y'.repeat(SEARCH_HEAD + 5) };
    const packed = packChunk(A, 1, [longRow]);
    expect(() => unpackChunk(packed.chunk, { ...packed.tail!, text: 'yy' })).toThrow(/damaged/);
    expect(() => unpackChunk(packed.chunk, { ...packed.tail!, mids: Float64Array.of(99) })).toThrow(
      /lacks/,
    );
  });
});

function stored(mid: number) {
  return {
    ...incoming(mid),
    account: A,
    receivedAt: NOW,
    unread: 1 as const,
    searchText: `m${mid}`,
  };
}

describe('search index', () => {
  it('is missing until built; built, it holds every row as the list shows it', async () => {
    await store.putMany(A, [incoming(1), incoming(2, { title: 'Invoice 77' })], NOW);
    expect(await readSearchIndex(db, A)).toBeNull();
    expect(await buildSearchIndex(db, A)).toBe(true);
    expect(await readSearchIndex(db, A)).toEqual(await fromRows(A));
    expect(await buildSearchIndex(db, A)).toBe(false); // whole already: not built again
  });

  it('splits a large account into chunks and reads them back whole, newest first', async () => {
    const total = CHUNK_ROWS * 2 + 5;
    await store.putMany(
      A,
      Array.from({ length: total }, (_, i) => incoming(i + 1, { createTime: NOW - i })),
      NOW,
    );
    await store.indexSearch(A);
    const records = await db.getAll('searchIndex');
    expect(records.filter((r) => r.kind === 'chunk')).toHaveLength(3);
    const rows = await readSearchIndex(db, A);
    expect(rows).toHaveLength(total);
    expect(rows).toEqual(await fromRows(A));
  });

  it('follows every write of the worker: new, read, unread, all read, delete, undo, prune', async () => {
    await store.putMany(A, [incoming(1), incoming(2), incoming(3)], NOW);
    await store.indexSearch(A);
    const check = async () => expect(await readSearchIndex(db, A)).toEqual(await fromRows(A));

    await store.putMany(A, [incoming(4, { title: 'late arrival' })], NOW);
    expect(mids(await readSearchIndex(db, A))).toContain(4);
    await check();

    await store.putMany(A, [incoming(1, { read: true })], NOW); // the server says read
    expect((await readSearchIndex(db, A))!.find((r) => r.mid === 1)!.unread).toBe(false);
    await store.setRead(A, [2], true);
    await check();
    await store.setRead(A, [2], false);
    expect((await readSearchIndex(db, A))!.find((r) => r.mid === 2)!.unread).toBe(true);
    await store.markAllRead(A);
    expect((await readSearchIndex(db, A))!.every((r) => !r.unread)).toBe(true);

    await store.remove(A, [3], NOW);
    expect(mids(await readSearchIndex(db, A))).not.toContain(3);
    await store.restore(A, [3]);
    expect(mids(await readSearchIndex(db, A))).toContain(3);
    await check();

    await store.prune({ createdBefore: 0, deletedBefore: 0, undoBefore: 0, maxCount: 2 });
    expect((await readSearchIndex(db, A))!.length).toBe(2);
    await check();
  });

  it('keeps long messages’ search text whole across chunk and tail through every write', async () => {
    const long = (mid: number) =>
      incoming(mid, { content: `start ${mid} ${'正文 body '.repeat(150)} needle${mid} end` });
    await store.putMany(A, [long(1), incoming(2), long(3)], NOW);
    await store.indexSearch(A);
    /** The rows as a list reads them at open, and completed by the tails, as a search does. */
    const check = async () => {
      const whole = await fromRows(A);
      const read = (await readSearchIndex(db, A))!;
      const tails = (await readSearchTails(db, A))!;
      expect(read.map((r) => r.mid)).toEqual(whole.map((r) => r.mid));
      for (const [i, row] of read.entries()) {
        const want = whole[i]!;
        if (want.searchText.length <= SEARCH_HEAD) {
          expect(row).toEqual(want);
          continue;
        }
        expect(row).toEqual({ ...want, searchText: want.searchText.slice(0, SEARCH_HEAD), searchCut: true }); // prettier-ignore
        expect(row.searchText + tails.get(row.mid)).toBe(want.searchText);
      }
      // Only cut rows have a tail, and no tail outlives its row.
      expect([...tails.keys()].sort()).toEqual(
        whole.filter((r) => r.searchText.length > SEARCH_HEAD).map((r) => r.mid).sort(), // prettier-ignore
      );
    };
    await check();
    await store.putMany(A, [long(4)], NOW);
    await check();
    await store.setRead(A, [1], true);
    await check();
    await store.remove(A, [3], NOW);
    await check();
    await store.restore(A, [3]);
    await check();
    await store.remove(A, [1, 3, 4], NOW);
    await check();
    expect((await db.getAll('searchIndex')).filter((r) => r.kind === 'tail')).toHaveLength(0);
    await store.restore(A, [1, 3, 4]);
    await store.indexSearch(A, true);
    await check();
  });

  it('counts unread rows in its head through every write; the badge count reads that, or counts without it', async () => {
    const counted = () => db.countFromIndex('messages', 'unread', [A, 1]);
    const check = async (want: number) => {
      expect(await counted()).toBe(want);
      expect(await unreadInIndex(db, A)).toBe(want);
      expect(await store.unreadCount(A)).toBe(want);
    };
    await store.putMany(A, [incoming(1), incoming(2), incoming(3, { read: true })], NOW);
    expect(await unreadInIndex(db, A)).toBeNull();
    expect(await store.unreadCount(A)).toBe(2);
    await store.indexSearch(A);
    await check(2);
    // More than a chunk's worth, so the count spans chunks.
    const many = Array.from({ length: CHUNK_ROWS + 5 }, (_, i) => incoming(100 + i));
    await store.putMany(A, many, NOW);
    await check(CHUNK_ROWS + 7);
    await store.putMany(A, [incoming(1, { read: true })], NOW);
    await check(CHUNK_ROWS + 6);
    await store.setRead(A, [3], false);
    await check(CHUNK_ROWS + 7);
    await store.remove(A, [2, 100], NOW);
    await check(CHUNK_ROWS + 5);
    await store.restore(A, [2]);
    await check(CHUNK_ROWS + 6);
    await store.prune({ createdBefore: 0, deletedBefore: 0, undoBefore: 0, maxCount: 10 });
    await check(await counted());
    await store.markAllRead(A);
    await check(0);
    // Another account's head says nothing of this one's.
    await store.putMany(B, [incoming(1)], NOW);
    expect(await unreadInIndex(db, B)).toBeNull();
    await dropSearchIndex(db, A);
    expect(await unreadInIndex(db, A)).toBeNull();
    await store.putMany(A, [incoming(5000)], NOW);
    expect(await store.unreadCount(A)).toBe(1);
  });

  it('keeps accounts apart: one account’s writes leave another’s index alone', async () => {
    await store.putMany(A, [incoming(1)], NOW);
    await store.putMany(B, [incoming(1), incoming(2)], NOW);
    await store.indexSearch(A);
    await store.indexSearch(B);
    await store.remove(B, [1], NOW);
    expect(mids(await readSearchIndex(db, A))).toEqual([1]);
    expect(mids(await readSearchIndex(db, B))).toEqual([2]);
  });

  it('is rebuilt when a page asks, even when the worker has one (rows written by other means)', async () => {
    await store.putMany(A, [incoming(1)], NOW);
    await store.indexSearch(A);
    await db.put('messages', stored(2));
    await store.indexSearch(A); // a worker starting: it has an index, so it keeps it
    expect(mids(await readSearchIndex(db, A))).toEqual([1]);
    await store.indexSearch(A, true); // asked by a page
    expect(mids(await readSearchIndex(db, A))).toEqual([2, 1]);
  });

  it('is not trusted when damaged, and a damaged chunk never fails the rows’ write', async () => {
    await store.putMany(A, [incoming(1)], NOW);
    await store.indexSearch(A);
    const chunk = (await db.get('searchIndex', [A, 1]))!;
    if (chunk.kind !== 'chunk') throw new Error('expected a chunk');
    chunk.lengths.line = new Uint32Array([999]);
    await db.put('searchIndex', chunk);
    expect(await readSearchIndex(db, A)).toBeNull();

    const { added } = await store.putMany(A, [incoming(2)], NOW);
    expect(added.map((m) => m.mid)).toEqual([2]);
    expect(await db.get('searchIndex', [A, 0])).toBeUndefined(); // dropped, to be rebuilt
    await store.indexSearch(A);
    expect(mids(await readSearchIndex(db, A))).toEqual([2, 1]);
  });

  it('a failed index write loses no message: stored without it, the index rebuilt', async () => {
    await store.putMany(A, [incoming(1)], NOW);
    await store.indexSearch(A);
    // The index's writes fail in the transaction that stores new rows.
    const failing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'transaction')
          return (stores: string[], mode?: IDBTransactionMode) => {
            const tx = target.transaction(stores as never, mode);
            if (!Array.isArray(stores) || !stores.includes('tombstones')) return tx;
            const objectStore = tx.objectStore.bind(tx);
            let aborted = false;
            (tx as { objectStore: unknown }).objectStore = (name: string) => {
              const s = objectStore(name as never);
              if (name !== 'searchIndex') return s;
              // As a disk that fills up at commit: the whole transaction aborts.
              const refusing: IndexStore = {
                get: (key) => s.get!(key),
                delete: (key) => s.delete!(key),
                put: (value) => {
                  const put = s.put!(value);
                  if (!aborted) tx.abort();
                  aborted = true;
                  return put;
                },
              };
              return refusing;
            };
            return tx;
          };
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const full = createMessageStore(failing);
    const { added } = await full.putMany(A, [incoming(2)], NOW);
    expect(added.map((m) => m.mid)).toEqual([2]);
    expect(await full.get(A, 2)).toBeDefined();
    await full.indexSearch(A); // the rebuild the failed write started
    expect(mids(await readSearchIndex(db, A))).toEqual([2, 1]);
  });

  it('leaves an account without an index alone: nothing to keep in step', async () => {
    const tx = db.transaction('searchIndex', 'readwrite');
    await applyToIndex(tx.store, A, { add: [stored(1)], remove: [2] });
    await tx.done;
    expect(await db.getAll('searchIndex')).toEqual([]);
  });
});
