import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { DB_NAME, DB_VERSION } from './db-version';
import type { StoredMessage } from '../message';
import type { SearchRecord } from './search-pack';

/** A server call the worker still owes (read marks and deletes are applied locally first). */
export interface OutboxEntry {
  id?: number;
  /** The account (server and user) the call belongs to: it goes to that server only. */
  account: number;
  op: 'read' | 'unread' | 'delete';
  mids: number[];
  createdAt: number;
  attempts: number;
  /** Not sent before this time (a delete waits out its undo window). */
  notBefore?: number;
}

/** An id deleted here, so a replay or a fetch cannot bring it back. */
export interface Tombstone {
  account: number;
  mid: number;
  deletedAt: number;
  /** The row as it was, kept while its delete can still be undone. */
  row?: StoredMessage;
}

/**
 * Whose messages: one server and one user on it (docs/architecture.md §4). Message ids are
 * only unique on one server, so every row, tombstone and queued call carries its account.
 */
export interface AccountRecord {
  id: number;
  /** The server's base URL; '' for history kept from before accounts, until adopted. */
  server: string;
  /** The user's uid there (get-user-device-info); '' when the server does not say. */
  uid: string;
  /** The device this browser was there, for servers that do not name the user. */
  deviceUuid: string;
  /** What the user sees: the nickname the server gave, else the uid. */
  name: string;
  createdAt: number;
}

/** The extension's one database. Written by the worker only; pages read it. */
export interface WxpDB extends DBSchema {
  messages: {
    key: [number, number];
    value: StoredMessage;
    /**
     * accountTime: an account's list, newest first; unread: its badge count; name: its app
     * names; createTime: retention and the size cap, over every account.
     */
    indexes: {
      accountTime: [number, number];
      unread: [number, number];
      name: [number, string];
      createTime: number;
    };
  };
  tombstones: {
    key: [number, number];
    value: Tombstone;
    indexes: { deletedAt: number };
  };
  outbox: {
    key: number;
    value: OutboxEntry;
  };
  accounts: {
    key: number;
    value: AccountRecord;
  };
  /**
   * The search index (lib/storage/search-index.ts): per account, a head [account, 0], chunks
   * [account, n] of packed list rows and their tails [account, -n] (the rest of long search
   * texts), kept by the worker with every change of the rows.
   */
  searchIndex: {
    key: [number, number];
    value: SearchRecord;
  };
  /** Small named values pages read too: 'current', the account the worker is bound to. */
  meta: {
    key: string;
    value: number | null;
  };
}

export { DB_NAME, DB_VERSION };
/** The account that history kept from version 1 (keyed by message id alone) belongs to. */
export const LEGACY_ACCOUNT = 1;

type UpgradeTx = IDBPTransaction<
  WxpDB,
  ('messages' | 'tombstones' | 'outbox' | 'accounts' | 'meta' | 'searchIndex')[],
  'versionchange'
>;

/**
 * Opens the database, upgrading by a cumulative `if (oldVersion < n)` ladder so any older
 * version reaches the current one (docs/architecture.md §4). `name` lets tests open a second
 * database; tests swap in fake-indexeddb through `globalThis.indexedDB`.
 */
export function openWxpDB(name = DB_NAME): Promise<IDBPDatabase<WxpDB>> {
  return openDB<WxpDB>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      // The schema's versions are typed for the current one only; earlier steps are untyped.
      const raw = db as unknown as IDBPDatabase;
      if (oldVersion < 1) {
        const messages = raw.createObjectStore('messages', { keyPath: 'mid' });
        messages.createIndex('createTime', 'createTime');
        messages.createIndex('unread', 'unread');
        messages.createIndex('name', 'name');
        const tombstones = raw.createObjectStore('tombstones', { keyPath: 'mid' });
        tombstones.createIndex('deletedAt', 'deletedAt');
        raw.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      }
      if (oldVersion < 2) await keyByAccount(raw, transaction as unknown as UpgradeTx);
      // Version 3: the search index's store, empty. The worker builds each account's index
      // from its rows on first use (search-index.ts): building here would hold every page's
      // open behind a read of every row.
      if (oldVersion < 3) raw.createObjectStore('searchIndex', { keyPath: ['account', 'no'] });
    },
    blocking() {
      // A newer version wants to upgrade: let it, this page or worker reopens on next load.
    },
  });
}

/**
 * Version 2: messages and tombstones keyed by (account, mid), queued calls tagged with their
 * account, and the accounts and meta stores. What version 1 held becomes LEGACY_ACCOUNT's,
 * which the worker adopts for the server and binding in use (lib/worker/accounts-setup.ts).
 * A key path cannot change in place: rows are read, the stores made again, the rows put back,
 * all in this one upgrade transaction, so an interrupted upgrade leaves version 1 whole.
 */
async function keyByAccount(db: IDBPDatabase, tx: UpgradeTx): Promise<void> {
  const old = tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
  const [messages, tombstones, outbox] = await Promise.all([
    old.objectStore('messages').getAll() as Promise<StoredMessage[]>,
    old.objectStore('tombstones').getAll() as Promise<{ mid: number; deletedAt: number }[]>,
    old.objectStore('outbox').getAll() as Promise<(Omit<OutboxEntry, 'op'> & { op: string })[]>,
  ]);
  for (const store of ['messages', 'tombstones', 'outbox']) db.deleteObjectStore(store);

  const m = db.createObjectStore('messages', { keyPath: ['account', 'mid'] });
  m.createIndex('accountTime', ['account', 'createTime']);
  m.createIndex('unread', ['account', 'unread']);
  m.createIndex('name', ['account', 'name']);
  m.createIndex('createTime', 'createTime');
  const t = db.createObjectStore('tombstones', { keyPath: ['account', 'mid'] });
  t.createIndex('deletedAt', 'deletedAt');
  db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
  db.createObjectStore('accounts', { keyPath: 'id' });
  db.createObjectStore('meta');

  if (messages.length + tombstones.length + outbox.length === 0) return;
  const account = LEGACY_ACCOUNT;
  const writes: Promise<unknown>[] = [
    tx.objectStore('accounts').put({
      id: account,
      server: '',
      uid: '',
      deviceUuid: '',
      name: '',
      createdAt: 0,
    }),
    tx.objectStore('meta').put(account, 'current'),
  ];
  for (const row of messages) writes.push(tx.objectStore('messages').put({ ...row, account }));
  for (const tomb of tombstones)
    writes.push(tx.objectStore('tombstones').put({ ...tomb, account }));
  for (const { id: _id, ...entry } of outbox) {
    // A version 1 "delete everything" named nothing, so it would also delete what arrived
    // after the click: it becomes deletes of the ids that were deleted here by then.
    const mids =
      entry.op === 'deleteAll'
        ? tombstones.filter((t) => t.deletedAt <= entry.createdAt).map((t) => t.mid)
        : entry.mids;
    const op = (entry.op === 'deleteAll' ? 'delete' : entry.op) as OutboxEntry['op'];
    for (let i = 0; i < mids.length; i += 200) {
      const batch = { ...entry, op, mids: mids.slice(i, i + 200), account };
      writes.push(tx.objectStore('outbox').add(batch));
    }
  }
  await Promise.all(writes);
}

export type WxpDatabase = IDBPDatabase<WxpDB>;
