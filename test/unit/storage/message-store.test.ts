import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openWxpDB } from '../../../lib/storage/db';
import { createMessageStore, type MessageStore } from '../../../lib/storage/message-store';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;
let store: MessageStore;

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  store = createMessageStore(await openWxpDB());
});

describe('message store', () => {
  it('takes the database while it is still opening: calls wait for it', async () => {
    const opening = createMessageStore(openWxpDB('wxp-opening'));
    const put = opening.putMany([incoming(1)], NOW);
    expect(await opening.count()).toBe(1);
    expect((await put).added.map((m) => m.mid)).toEqual([1]);
  });

  it('stores a message once whatever the path it comes by', async () => {
    const first = await store.putMany([incoming(1), incoming(2)], NOW);
    const again = await store.putMany([incoming(2), incoming(1), incoming(3), incoming(3)], NOW);
    expect(first.added.map((m) => m.mid)).toEqual([1, 2]);
    expect(again.added.map((m) => m.mid)).toEqual([3]);
    expect(await store.count()).toBe(3);
  });

  it('keeps a deleted message deleted when it is replayed', async () => {
    await store.putMany([incoming(1)], NOW);
    await store.remove([1], NOW);
    const replay = await store.putMany([incoming(1)], NOW);
    expect(replay.added).toEqual([]);
    expect(await store.get(1)).toBeUndefined();
  });

  it('counts unread, marks read and unread, and takes server read state for known rows', async () => {
    await store.putMany([incoming(1), incoming(2), incoming(3, { read: true })], NOW);
    expect(await store.unreadCount()).toBe(2);
    expect(await store.setRead([1, 3], true)).toEqual([1]);
    expect(await store.unreadCount()).toBe(1);
    const fromServer = await store.putMany([incoming(2, { read: true })], NOW);
    expect(fromServer.markedRead).toEqual([2]);
    expect(await store.unreadCount()).toBe(0);
    expect(await store.setRead([2], false)).toEqual([2]);
    expect(await store.markAllRead()).toEqual([2]);
  });

  it('lists newest first with a cursor, search and app filter', async () => {
    await store.putMany(
      [
        incoming(1, { createTime: 100, title: 'Disk full', name: 'ops' }),
        incoming(2, { createTime: 200, title: 'Build green', name: 'ci' }),
        incoming(3, { createTime: 300, content: 'disk at 91%', name: 'ops' }),
        incoming(4, { createTime: 300, title: 'same time', name: 'ci' }),
      ],
      NOW,
    );
    const page1 = await store.list({ limit: 2 });
    expect(page1.map((m) => m.mid)).toEqual([4, 3]);
    const page2 = await store.list({ limit: 2, before: { createTime: 300, mid: 3 } });
    expect(page2.map((m) => m.mid)).toEqual([2, 1]);
    expect((await store.list({ limit: 10, query: 'DISK' })).map((m) => m.mid)).toEqual([3, 1]);
    expect((await store.list({ limit: 10, app: 'ci' })).map((m) => m.mid)).toEqual([4, 2]);
  });

  it('prunes by age and by count, oldest first', async () => {
    await store.putMany(
      [1, 2, 3, 4, 5].map((mid) => incoming(mid, { createTime: mid * 1000 })),
      NOW,
    );
    expect(await store.prune(2000)).toEqual([1]);
    expect(await store.prune(0, 2)).toEqual([2, 3]);
    expect((await store.list({ limit: 10 })).map((m) => m.mid)).toEqual([5, 4]);
  });

  it('removes all, and restores rows for undo', async () => {
    await store.putMany([incoming(1), incoming(2)], NOW);
    const rows = (await store.list({ limit: 10 })).slice();
    expect((await store.removeAll(NOW)).sort()).toEqual([1, 2]);
    expect(await store.count()).toBe(0);
    await store.restore(rows);
    expect(await store.count()).toBe(2);
    expect((await store.putMany([incoming(1)], NOW)).added).toEqual([]);
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
            if (Array.isArray(stores) && stores.length === 2 && mode === 'readwrite' && left > 0) {
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
      Array.from({ length: 200 }, (_, i) => incoming(i + 1, { createTime: i + 1 })),
      NOW,
    );
    const full = await fullDisk(1);
    const result = await full.putMany([incoming(1000, { createTime: 5000 })], NOW);
    expect(result.added.map((m) => m.mid)).toEqual([1000]);
    // At least 100 of the oldest went to make room; the newest survived.
    expect(await full.count()).toBe(101);
    expect(await full.get(1)).toBeUndefined();
    expect(await full.get(200)).toBeDefined();
  });

  it('throws a StoreWriteError when even pruning does not help: never silent', async () => {
    const full = await fullDisk(2);
    await expect(full.putMany([incoming(1)], NOW)).rejects.toThrow(/full even after pruning/);
  });
});
