import { unwrap } from 'idb';
import { openWxpDB, type WxpDatabase } from '../storage/db';
import type { StoredMessage } from '../message';
import { createMessageStore } from '../storage/message-store';

/** A position in the newest-first order: (createTime, mid), both descending. */
export interface ListPosition {
  createTime: number;
  mid: number;
}

/**
 * The page side of the database (docs/architecture.md §4): pages read, only the worker writes.
 * The popup loads its in-memory index a page at a time, newest first, so the first rows paint
 * at once and a search can run over what is loaded while older pages still come in.
 */
export interface MessageReader {
  get(mid: number): Promise<StoredMessage | undefined>;
  /** Up to `limit` messages strictly older than `before` (or the newest), newest first. */
  page(before: ListPosition | null, limit: number): Promise<StoredMessage[]>;
  /** Every stored message, newest first (one `getAll`). */
  all(): Promise<StoredMessage[]>;
  /** The distinct non-empty app names in the history, in order (the `name` index). */
  appNames(): Promise<string[]>;
}

/** `IDBIndex.getAllRecords` (Chrome 141+): one request for a page in either direction. */
interface RecordsIndex {
  getAllRecords(options: {
    query?: IDBKeyRange | null;
    count?: number;
    direction?: IDBCursorDirection;
  }): IDBRequest<Array<{ value: StoredMessage }>>;
}

const hasGetAllRecords = () =>
  typeof IDBIndex !== 'undefined' && 'getAllRecords' in IDBIndex.prototype;

/** True when `row` comes strictly after `before` in the newest-first order. */
export function isOlder(row: ListPosition, before: ListPosition): boolean {
  return (
    row.createTime < before.createTime ||
    (row.createTime === before.createTime && row.mid < before.mid)
  );
}

/**
 * A reader over a database connection (or one still opening: a page starts its reads at once,
 * without waiting for a render first).
 */
export function createMessageReader(database: WxpDatabase | Promise<WxpDatabase>): MessageReader {
  const ready = Promise.resolve(database).then((db) => ({ db, store: createMessageStore(db) }));

  /**
   * One request per page: a cursor costs a round trip per row, and per-record cost is what a
   * big page pays for. Rows sharing the boundary's createTime come first (the index orders
   * them by mid) and are already shown: ask for that many more until the page is full.
   */
  async function pageByRecords(db: WxpDatabase, before: ListPosition | null, limit: number) {
    const index = unwrap(db.transaction('messages').store.index('createTime'));
    const query = before ? IDBKeyRange.upperBound(before.createTime) : null;
    for (let count = limit; ;) {
      const request = (index as unknown as RecordsIndex).getAllRecords({
        query,
        count,
        direction: 'prev',
      });
      const records = await requestResult(request);
      const rows = records.map((r) => r.value);
      const older = before ? rows.filter((row) => isOlder(row, before)) : rows;
      if (older.length >= limit || records.length < count) return older.slice(0, limit);
      count = limit + (rows.length - older.length);
    }
  }

  return {
    async get(mid) {
      return (await ready).store.get(mid);
    },
    async page(before, limit) {
      const { db, store } = await ready;
      if (hasGetAllRecords()) return pageByRecords(db, before, limit);
      return store.list(before ? { before, limit } : { limit });
    },
    async all() {
      const rows = await (await ready).db.getAllFromIndex('messages', 'createTime');
      return rows.reverse();
    },
    async appNames() {
      // One step per distinct name, not per message: the options page no longer reads every row.
      const index = (await ready).db.transaction('messages').store.index('name');
      const names: string[] = [];
      for (
        let cursor = await index.openKeyCursor(null, 'nextunique');
        cursor;
        cursor = await cursor.continue()
      ) {
        if (cursor.key) names.push(cursor.key);
      }
      return names;
    },
  };
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The extension's database for reading from a page; opening starts now. */
export function openMessageReader(): MessageReader {
  return createMessageReader(openWxpDB());
}
