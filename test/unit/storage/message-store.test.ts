import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openWxpDB } from '../../../lib/storage/db';
import {
  createMessageStore,
  type MessageStore,
  type PruneLimits,
} from '../../../lib/storage/message-store';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;
/** The account most tests store for; B is another server's, with the same ids. */
const A = 1;
const B = 2;
let store: MessageStore;
/** Retention limits with nothing old enough to go except what a test names. */
const limits = (over: Partial<PruneLimits>): PruneLimits => ({
  createdBefore: 0,
  deletedBefore: 0,
  undoBefore: 0,
  maxCount: 20_000,
  ...over,
});

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = createMessageStore(await openWxpDB());
});

describe('message store', () => {
  it('takes the database while it is still opening: calls wait for it', async () => {
    const opening = createMessageStore(openWxpDB('wxp-opening'));
    const put = opening.putMany(A, [incoming(1)], NOW);
    expect(await opening.count()).toBe(1);
    expect((await put).added.map((m) => m.mid)).toEqual([1]);
  });

  it('stores a message once whatever the path it comes by', async () => {
    const first = await store.putMany(A, [incoming(1), incoming(2)], NOW);
    const again = await store.putMany(A, [incoming(2), incoming(1), incoming(3), incoming(3)], NOW);
    expect(first.added.map((m) => m.mid)).toEqual([1, 2]);
    expect(again.added.map((m) => m.mid)).toEqual([3]);
    expect(await store.count()).toBe(3);
  });

  it('writes ids memory knows to be new without lookups, and falls back when memory is wrong', async () => {
    const db = await openWxpDB();
    const fast = createMessageStore(db);
    await fast.putMany(A, [incoming(1), incoming(2)], NOW);
    await fast.known.load(A);
    expect(fast.known.has(A, 3)).toBe(false);
    // Rows this store did not write (its memory out of step): 3 read, 4 deleted.
    await db.put('messages', { ...(await db.get('messages', [A, 1]))!, mid: 3, unread: 0 });
    await db.put('tombstones', { account: A, mid: 4, deletedAt: NOW });
    const result = await fast.putMany(A, [incoming(3), incoming(5)], NOW + 1);
    // 3 was refused by `add` (it exists), so the batch was written again with lookups:
    // 3 kept as stored (read), 5 added once.
    expect(result.added.map((m) => m.mid)).toEqual([5]);
    expect((await fast.get(A, 3))!.unread).toBe(0);
    expect(await fast.count()).toBe(4);
    // Memory was read again: 3 and 4 are held now, so 4's replay stays deleted.
    expect(fast.known.has(A, 3)).toBe(true);
    await fast.known.load(A);
    expect((await fast.putMany(A, [incoming(4)], NOW + 2)).added).toEqual([]);
    expect(await fast.get(A, 4)).toBeUndefined();
  });

  it('waits for ids being read to write from memory, without a lookup per message', async () => {
    const db = await openWxpDB();
    await createMessageStore(db).putMany(A, [incoming(1), incoming(2)], NOW);
    // A worker just started: its ids are being read when its first write comes.
    const fresh = createMessageStore(db);
    const loading = fresh.known.load(A);
    const lookups: string[] = [];
    const spy = (method: 'get' | 'getKey') =>
      vi.spyOn(IDBObjectStore.prototype, method).mockImplementation(function (
        this: IDBObjectStore,
        ...args: unknown[]
      ) {
        if (this.name !== 'searchIndex') lookups.push(`${this.name}.${method}`);
        return (spy.original[method] as (...a: unknown[]) => IDBRequest).apply(this, args);
      });
    spy.original = { get: IDBObjectStore.prototype.get, getKey: IDBObjectStore.prototype.getKey };
    const spies = [spy('get'), spy('getKey')];
    try {
      const result = await fresh.putMany(A, [incoming(2), incoming(3), incoming(4)], NOW + 1);
      await loading;
      // 3 and 4 known new from memory; only 2, which memory holds, is looked up.
      expect(result.added.map((m) => m.mid)).toEqual([3, 4]);
      expect(lookups.sort()).toEqual(['messages.get', 'tombstones.getKey']);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(await fresh.count()).toBe(4);
  });

  it('keeps accounts apart: the same id from another server is another message', async () => {
    await store.putMany(A, [incoming(1, { content: 'from A' })], NOW);
    await store.remove(A, [1], NOW);
    const fromB = await store.putMany(B, [incoming(1, { content: 'from B' })], NOW);
    expect(fromB.added.map((m) => [m.account, m.mid, m.content])).toEqual([[B, 1, 'from B']]);
    expect(await store.get(A, 1)).toBeUndefined();
    expect(await store.unreadCount(B)).toBe(1);
    expect(await store.unreadCount(A)).toBe(0);
    expect((await store.list(A, { limit: 10 })).length).toBe(0);
  });

  it('keeps a deleted message deleted when it is replayed', async () => {
    await store.putMany(A, [incoming(1)], NOW);
    await store.remove(A, [1], NOW);
    const replay = await store.putMany(A, [incoming(1)], NOW);
    expect(replay.added).toEqual([]);
    expect(await store.get(A, 1)).toBeUndefined();
  });

  it('counts unread, marks read and unread, and takes server read state for known rows', async () => {
    await store.putMany(A, [incoming(1), incoming(2), incoming(3, { read: true })], NOW);
    expect(await store.unreadCount(A)).toBe(2);
    expect(await store.setRead(A, [1, 3], true)).toEqual([1]);
    expect(await store.unreadCount(A)).toBe(1);
    const fromServer = await store.putMany(A, [incoming(2, { read: true })], NOW);
    expect(fromServer.markedRead).toEqual([2]);
    expect(await store.unreadCount(A)).toBe(0);
    expect(await store.setRead(A, [2], false)).toEqual([2]);
    expect(await store.markAllRead(A)).toEqual([2]);
  });

  it('lists newest first with a cursor, search and app filter', async () => {
    await store.putMany(
      A,
      [
        incoming(1, { createTime: 100, title: 'Disk full', name: 'ops' }),
        incoming(2, { createTime: 200, title: 'Build green', name: 'ci' }),
        incoming(3, { createTime: 300, content: 'disk at 91%', name: 'ops' }),
        incoming(4, { createTime: 300, title: 'same time', name: 'ci' }),
      ],
      NOW,
    );
    await store.putMany(B, [incoming(9, { createTime: 250, title: 'Disk elsewhere' })], NOW);
    const page1 = await store.list(A, { limit: 2 });
    expect(page1.map((m) => m.mid)).toEqual([4, 3]);
    const page2 = await store.list(A, { limit: 2, before: { createTime: 300, mid: 3 } });
    expect(page2.map((m) => m.mid)).toEqual([2, 1]);
    expect((await store.list(A, { limit: 10, query: 'DISK' })).map((m) => m.mid)).toEqual([3, 1]);
    expect((await store.list(A, { limit: 10, app: 'ci' })).map((m) => m.mid)).toEqual([4, 2]);
  });

  it('prunes by age and by count, oldest first, over every account', async () => {
    await store.putMany(
      A,
      [1, 2, 3, 4].map((mid) => incoming(mid, { createTime: mid * 1000 })),
      NOW,
    );
    await store.putMany(B, [incoming(5, { createTime: 5000 })], NOW);
    expect(await store.prune(limits({ createdBefore: 2000 }))).toEqual([{ account: A, mid: 1 }]);
    expect(await store.prune(limits({ maxCount: 2 }))).toEqual([
      { account: A, mid: 2 },
      { account: A, mid: 3 },
    ]);
    expect((await store.list(A, { limit: 10 })).map((m) => m.mid)).toEqual([4]);
  });

  it('undo: a deleted row comes back from its tombstone, until the undo copy is dropped', async () => {
    await store.putMany(A, [incoming(1), incoming(2), incoming(3)], NOW);
    expect(await store.remove(A, [1, 2, 3, 4], NOW)).toEqual([1, 2, 3]);
    expect(await store.count()).toBe(0);

    expect((await store.restore(A, [1, 2])).map((r) => r.mid)).toEqual([1, 2]);
    await store.forgetUndo(A, [3]);

    expect(await store.count()).toBe(2);
    expect(await store.restore(A, [3])).toEqual([]);
    expect((await store.putMany(A, [incoming(3)], NOW)).added).toEqual([]);
    expect((await store.putMany(A, [incoming(1)], NOW)).added).toEqual([]);
  });

  it('retention drops old undo copies first, then old tombstones', async () => {
    await store.putMany(A, [incoming(1), incoming(2)], NOW);
    await store.remove(A, [1], NOW - 10_000);
    await store.remove(A, [2], NOW);
    await store.prune(limits({ undoBefore: NOW - 5_000, deletedBefore: 0 }));
    expect(await store.restore(A, [1])).toEqual([]);
    expect((await store.restore(A, [2])).map((r) => r.mid)).toEqual([2]);
    await store.prune(limits({ undoBefore: NOW + 1, deletedBefore: NOW + 1 }));
    // The tombstone of 1 is forgotten: a replay stores it again.
    expect((await store.putMany(A, [incoming(1)], NOW)).added.map((m) => m.mid)).toEqual([1]);
  });
});

describe('message store under storage pressure', () => {
  /** A database whose message writes fail with QuotaExceededError `failures` times. */
  async function fullDisk(failures: number) {
    const db = await openWxpDB();
    let left = failures;
    const proxy = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === 'transaction') {
          return (stores: unknown, mode?: IDBTransactionMode) => {
            // The write of new rows: the one transaction over messages and tombstones both.
            const isPut = Array.isArray(stores) && stores.includes('tombstones');
            if (isPut && mode === 'readwrite' && left > 0) {
              left--;
              throw new DOMException('disk full', 'QuotaExceededError');
            }
            return target.transaction(stores as never, mode);
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return createMessageStore(proxy);
  }

  it('prunes the oldest tenth and retries once: the new message is kept', async () => {
    const s = await fullDisk(0);
    await s.putMany(
      A,
      Array.from({ length: 200 }, (_, i) => incoming(i + 1, { createTime: i + 1 })),
      NOW,
    );
    const full = await fullDisk(1);
    const result = await full.putMany(A, [incoming(1000, { createTime: 5000 })], NOW);
    expect(result.added.map((m) => m.mid)).toEqual([1000]);
    // At least 100 of the oldest went to make room; the newest survived.
    expect(await full.count()).toBe(101);
    expect(await full.get(A, 1)).toBeUndefined();
    expect(await full.get(A, 200)).toBeDefined();
  });

  it('throws a StoreWriteError when even pruning does not help: never silent', async () => {
    const full = await fullDisk(2);
    await expect(full.putMany(A, [incoming(1)], NOW)).rejects.toThrow(/full even after pruning/);
  });
});

describe('bodies rendered on arrival', () => {
  const body = (length: number) => ({ v: 1, length, parts: ['<p>a</p>'] });

  it('are kept in the row they were made from, and only there', async () => {
    await store.putMany(A, [incoming(1, { content: 'abc' }), incoming(2)], NOW);

    expect(await store.setRendered(A, 1, body(3))).toBe(true);
    // Another length is other content; a missing row (deleted, pruned) keeps nothing.
    expect(await store.setRendered(A, 2, body(99))).toBe(false);
    expect(await store.setRendered(A, 3, body(3))).toBe(false);
    expect(await store.setRendered(B, 1, body(3))).toBe(false);

    expect((await store.get(A, 1))?.rendered).toEqual(body(3));
    expect((await store.get(A, 1))?.unread).toBe(1);
    expect((await store.get(A, 2))?.rendered).toBeUndefined();
    expect(await store.get(A, 3)).toBeUndefined();
    expect(await store.count()).toBe(2);
  });
});
