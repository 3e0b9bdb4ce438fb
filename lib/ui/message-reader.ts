import { unwrap } from 'idb';
import { openWxpDB, type AccountRecord, type WxpDatabase } from '../storage/db';
import type { StoredMessage } from '../message';
import { accountRange, createMessageStore } from '../storage/message-store';
import { indexRows, readSearchIndex, readSearchTails } from '../storage/search-index';
import { takeEarlyIndex, takeEarlyPage } from './early-reads';
import type { ListRow } from './list-row';

/** A position in the newest-first order: (createTime, mid), both descending. */
export interface ListPosition {
  createTime: number;
  mid: number;
}

/** An account with stored history, as pages list it. */
export interface AccountSummary extends AccountRecord {
  /** Messages stored for it. */
  count: number;
}

/**
 * The page side of the database (docs/architecture.md §4): pages read, only the worker writes.
 * Every message belongs to an account (a server and a user); pages show the account the
 * worker is bound to unless the user picks an earlier one. The popup loads its in-memory index
 * a page at a time, newest first, so the first rows paint at once and a search can run over
 * what is loaded while older pages still come in.
 */
export interface MessageReader {
  /** The account the worker is (or was last) bound to; null before any binding. */
  currentAccount(): Promise<number | null>;
  /** Every account that has messages stored, the current one first. */
  accounts(): Promise<AccountSummary[]>;
  get(account: number, mid: number): Promise<StoredMessage | undefined>;
  /** Up to `limit` of the account's messages strictly older than `before`, newest first. */
  page(account: number, before: ListPosition | null, limit: number): Promise<StoredMessage[]>;
  /**
   * Every row of the account as the list shows it, newest first, from the search index (a few
   * records); null when there is no index to trust: then read the rows with `page`.
   */
  indexed(account: number): Promise<ListRow[] | null>;
  /**
   * The rest of the search text of the account's rows read with `searchCut`, by id, from the
   * index's tail records; null when they cannot be trusted (then read those rows with `get`).
   */
  searchTails(account: number): Promise<Map<number, string> | null>;
  /**
   * The bound account and all its rows from the search index as the page's boot script read
   * them, before this reader's database is open (lib/ui/early-reads.ts); once. Null when it read
   * none, heard a change of messages meanwhile, or found no index to trust.
   */
  early(): Promise<{ account: number; rows: ListRow[] } | null>;
  /**
   * The bound account and its first page (as `page(account, null, FIRST_PAGE)` reads it) as
   * the boot script read them when it had nothing to paint (lib/ui/early-reads.ts); once. Null
   * when it read none or heard a change of messages meanwhile.
   */
  earlyPage(): Promise<{ account: number; rows: StoredMessage[] } | null>;
  /** Every stored message of the account (or of all), newest first (one `getAll`). */
  all(account?: number): Promise<StoredMessage[]>;
  /** The distinct non-empty app names in the account's history, in order (the `name` index). */
  appNames(account: number): Promise<string[]>;
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
  async function pageByRecords(
    db: WxpDatabase,
    account: number,
    before: ListPosition | null,
    limit: number,
  ) {
    const index = unwrap(db.transaction('messages').store.index('accountTime'));
    const query = accountRange(account, before?.createTime);
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

  async function currentAccount(): Promise<number | null> {
    return (await (await ready).db.get('meta', 'current')) ?? null;
  }

  return {
    currentAccount,
    async accounts() {
      const { db } = await ready;
      const [records, current] = await Promise.all([db.getAll('accounts'), currentAccount()]);
      const counted = await Promise.all(
        records.map(async (r) => ({
          ...r,
          count: await db.countFromIndex('messages', 'accountTime', accountRange(r.id)),
        })),
      );
      return counted
        .filter((a) => a.count > 0 || a.id === current)
        .sort((a, b) => Number(b.id === current) - Number(a.id === current) || b.id - a.id);
    },
    async get(account, mid) {
      return (await ready).store.get(account, mid);
    },
    async page(account, before, limit) {
      const { db, store } = await ready;
      if (hasGetAllRecords()) return pageByRecords(db, account, before, limit);
      return store.list(account, before ? { before, limit } : { limit });
    },
    async indexed(account) {
      return readSearchIndex((await ready).db, account);
    },
    async searchTails(account) {
      return readSearchTails((await ready).db, account);
    },
    async early() {
      const early = await takeEarlyIndex();
      const rows = early && indexRows(early.records);
      return rows ? { account: early.account, rows } : null;
    },
    async earlyPage() {
      const early = await takeEarlyPage();
      // The database's own rows, of the schema this page was built with (lib/storage/db.ts).
      return early && { account: early.account, rows: early.rows as StoredMessage[] };
    },
    async all(account) {
      const { db } = await ready;
      const rows =
        account === undefined
          ? await db.getAllFromIndex('messages', 'createTime')
          : await db.getAllFromIndex('messages', 'accountTime', accountRange(account));
      return rows.reverse();
    },
    async appNames(account) {
      // One step per distinct name, not per message: the options page no longer reads every row.
      const index = (await ready).db.transaction('messages').store.index('name');
      const names: string[] = [];
      // [account] sorts before every [account, name], and [account, []] after (arrays last).
      const range = IDBKeyRange.bound([account], [account, []]);
      for (
        let cursor = await index.openKeyCursor(range, 'nextunique');
        cursor;
        cursor = await cursor.continue()
      ) {
        if (cursor.key[1]) names.push(cursor.key[1]);
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
