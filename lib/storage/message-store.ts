import type { WxpDatabase } from './db';
import type { IncomingMessage, RenderedBody, StoredMessage } from '../message';
import { contentToPlainText } from '../render/plain-text';
import { createKnownIds } from './known-ids';
import {
  dropOldest,
  groupByAccount,
  pruneMessages,
  type MessageKey,
  type PruneLimits,
} from './message-prune';
import { forgetUndo, removeMessages, restoreMessages } from './message-trash';
import { applyToIndex, buildSearchIndex, dropSearchIndex, unreadInIndex } from './search-index';

export type { MessageKey, PruneLimits } from './message-prune';

/** At most this many messages are kept, whatever the retention (docs/architecture.md §4). */
export const MAX_STORED_MESSAGES = 20_000;

/** Raised when a write still fails after pruning to make room: never swallowed. */
export class StoreWriteError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'StoreWriteError';
  }
}

/** What a batch write changed. */
export interface PutResult {
  /** Messages seen here for the first time, in arrival order. */
  added: StoredMessage[];
  /** Already stored messages the server reports read, now marked read here. */
  markedRead: number[];
}

/** A page of the list, newest first. */
export interface ListQuery {
  /** Only messages strictly older than this (createTime, mid) position. */
  before?: { createTime: number; mid: number };
  limit: number;
  /** Lower-cased substring searched in title, summary, content and app name. */
  query?: string;
  app?: string;
}

/** Builds the row stored for an incoming message of `account`. */
export function toStoredMessage(
  m: IncomingMessage,
  receivedAt: number,
  account: number,
): StoredMessage {
  const { read, ...fields } = m;
  const text = contentToPlainText(m.content, m.contentType);
  return {
    ...fields,
    account,
    receivedAt,
    unread: read ? 0 : 1,
    searchText: [m.title, m.summary, m.name, text].join('\n').toLowerCase(),
  };
}

const errorName = (error: unknown) => (error as { name?: unknown } | null)?.name;
const isQuotaError = (error: unknown) => errorName(error) === 'QuotaExceededError';
const isConstraintError = (error: unknown) => errorName(error) === 'ConstraintError';

/**
 * An account's rows in the `accountTime` index, optionally up to a createTime; without one,
 * also an account's range of the `[account, mid]` keys.
 */
export const accountRange = (account: number, upTo = Infinity) =>
  IDBKeyRange.bound([account, -Infinity], [account, upTo]);

/**
 * The message store over IndexedDB, given the database or its opening (calls wait for it).
 * Every message belongs to an account (docs/architecture.md §4). Only the worker writes
 * through it; pages may use the read methods on their own connection.
 */
export function createMessageStore(database: WxpDatabase | Promise<WxpDatabase>) {
  const opened = Promise.resolve(database);
  /** The ids of one account, kept in step by every write below (known-ids.ts). */
  const known = createKnownIds(async (account) => {
    const tx = (await opened).transaction(['messages', 'tombstones']);
    // Keys are [account, mid]: the account's range of the keys, not of an index.
    const [rows, tombs] = await Promise.all([
      tx.objectStore('messages').getAllKeys(accountRange(account)),
      tx.objectStore('tombstones').getAllKeys(accountRange(account)),
    ]);
    return [...rows, ...tombs].map((key) => key[1]);
  });

  async function putOnce(
    db: WxpDatabase,
    account: number,
    incoming: IncomingMessage[],
    now: number,
    /** Whether ids memory knows to be new skip the lookups; whether the index is kept too. */
    { trustMemory, indexed }: { trustMemory: boolean; indexed: boolean },
  ): Promise<PutResult> {
    const tx = db.transaction(['messages', 'tombstones', 'searchIndex'], 'readwrite');
    const messages = tx.objectStore('messages');
    const tombstones = tx.objectStore('tombstones');
    const added: StoredMessage[] = [];
    const markedRead: number[] = [];
    const seen = new Set<number>();
    const unique = incoming.filter((m) => !seen.has(m.mid) && seen.add(m.mid));
    // Ids memory knows to be new (neither a row nor a tombstone, known-ids.ts) are written
    // without looking them up: the lookups were half the cost of a 1 000-message write
    // (docs/architecture.md §4). `add` refuses a row that exists after all, which aborts the
    // transaction, and the caller writes the batch again with every lookup.
    const fresh = unique.map((m) => trustMemory && known.has(account, m.mid) === false);
    const looked = unique.filter((_, i) => !fresh[i]);
    // Every lookup is issued at once, then every write: IndexedDB pipelines the requests of a
    // transaction, where awaiting each in turn cost a round trip per message (measured with
    // the benchmark's 1 000-message replay).
    const [existing, tombs] = await Promise.all([
      Promise.all(looked.map((m) => messages.get([account, m.mid]))),
      Promise.all(looked.map((m) => tombstones.getKey([account, m.mid]))),
    ]);
    const writes: Promise<unknown>[] = [];
    let at = 0;
    unique.forEach((m, i) => {
      if (!fresh[i]) {
        const old = existing[at];
        const tomb = tombs[at++];
        if (tomb) return;
        if (old) {
          if (m.read === true && old.unread === 1) {
            writes.push(messages.put({ ...old, unread: 0 }));
            markedRead.push(m.mid);
          }
          return;
        }
      }
      // A new row; `add` for one memory vouched for, so a row there after all aborts the write.
      const row = toStoredMessage(m, now, account);
      writes.push(fresh[i] ? messages.add(row) : messages.put(row));
      added.push(row);
    });
    if (indexed && (added.length > 0 || markedRead.length > 0))
      writes.push(
        applyToIndex(tx.objectStore('searchIndex'), account, { add: added, read: markedRead }),
      );
    await Promise.all([...writes, tx.done]);
    known.add(
      account,
      added.map((m) => m.mid),
    );
    return { added, markedRead };
  }

  /** Accounts whose index is being built: one build at a time each. */
  const building = new Map<number, Promise<void>>();
  /**
   * Builds an account's search index unless it has one (`force`: even then, for a page that
   * could not trust it). See search-index.ts.
   */
  function indexSearch(account: number, force = false): Promise<void> {
    let build = building.get(account);
    if (!build) {
      build = opened
        .then((db) => buildSearchIndex(db, account, force))
        .then(
          () => undefined,
          // Left missing (a full disk): pages read the rows; the next call tries again.
          () => undefined,
        )
        .finally(() => building.delete(account));
      building.set(account, build);
    }
    return build;
  }

  /** Rows or tombstones gone from the database: their ids are no longer held. */
  function forget(keys: MessageKey[]) {
    for (const [account, mids] of groupByAccount(keys)) known.remove(account, mids);
  }

  return {
    /** Which ids the bound account holds, for deciding "new" without a read (known-ids.ts). */
    known,
    indexSearch,

    /**
     * Stores what is new to `account` and returns it. A quota error prunes the oldest tenth
     * (at least 100) and retries once; any failure left throws StoreWriteError so the caller
     * knows nothing of this batch is stored.
     */
    async putMany(account: number, incoming: IncomingMessage[], now: number): Promise<PutResult> {
      const db = await opened;
      // A worker just started reads the ids while its first writes come (a relaunch's backlog):
      // waiting for them spares the write a lookup per message (docs/architecture.md §4).
      // Only then: a write awaits nothing more than the database, so calls keep their order.
      const pending = known.pending(account);
      if (pending) await pending;
      let first: unknown;
      try {
        try {
          return await putOnce(db, account, incoming, now, { trustMemory: true, indexed: true });
        } catch (error) {
          if (!isConstraintError(error)) throw error;
          // Memory said new, the database holds it: memory is out of step. Read it again
          // and write this batch with every lookup.
          known.reload(account);
          return await putOnce(db, account, incoming, now, { trustMemory: false, indexed: true });
        }
      } catch (error) {
        first = error;
      }
      try {
        // The index's share of the write may be what failed (it grows with the rows); the
        // rows matter more. Without its head pages ignore the index; it is rebuilt after.
        await dropSearchIndex(db, account);
        if (isQuotaError(first)) {
          const total = await db.count('messages');
          forget(await dropOldest(db, Math.max(100, Math.ceil(total / 10))));
        }
        const result = await putOnce(db, account, incoming, now, {
          trustMemory: false,
          indexed: false,
        });
        void indexSearch(account);
        return result;
      } catch (error) {
        throw isQuotaError(first)
          ? new StoreWriteError('Storage is full even after pruning old messages', error)
          : new StoreWriteError('Could not store messages', first);
      }
    },

    async get(account: number, mid: number): Promise<StoredMessage | undefined> {
      return (await opened).get('messages', [account, mid]);
    },

    /**
     * Keeps `body`, the message's content rendered (lib/worker/prerender.ts), in its row: only
     * while the row is there, with the content it was made from. Whether it was kept.
     */
    async setRendered(account: number, mid: number, body: RenderedBody): Promise<boolean> {
      const tx = (await opened).transaction('messages', 'readwrite');
      const row = await tx.store.get([account, mid]);
      const fits = row !== undefined && row.content.length === body.length;
      if (fits) await tx.store.put({ ...row, rendered: body });
      await tx.done;
      return fits;
    },

    /** Messages stored, over every account (the size cap counts them all). */
    async count(): Promise<number> {
      return (await opened).count('messages');
    },

    /** The badge count: from the search index head when there is one, else counted. */
    async unreadCount(account: number): Promise<number> {
      const db = await opened;
      return (
        (await unreadInIndex(db, account)) ?? db.countFromIndex('messages', 'unread', [account, 1])
      );
    },

    /** Sets read state; returns the ids whose state changed. */
    async setRead(account: number, ids: number[], read: boolean): Promise<number[]> {
      const mids = [...new Set(ids)];
      const tx = (await opened).transaction(['messages', 'searchIndex'], 'readwrite');
      const store = tx.objectStore('messages');
      const unread = read ? 0 : 1;
      // Pipelined like putOnce: all reads, then all writes, one transaction.
      const rows = await Promise.all(mids.map((mid) => store.get([account, mid])));
      const toChange = rows.filter((row) => row !== undefined && row.unread !== unread);
      const changed = toChange.map((row) => row!.mid);
      await Promise.all([
        ...toChange.map((row) => store.put({ ...row!, unread })),
        changed.length > 0 &&
          applyToIndex(tx.objectStore('searchIndex'), account, {
            [read ? 'read' : 'unread']: changed,
          }),
        tx.done,
      ]);
      return changed;
    },

    /** Marks every unread message of the account read; returns their ids. */
    async markAllRead(account: number): Promise<number[]> {
      const tx = (await opened).transaction(['messages', 'searchIndex'], 'readwrite');
      const changed: number[] = [];
      let cursor = await tx.objectStore('messages').index('unread').openCursor([account, 1]);
      while (cursor) {
        changed.push(cursor.value.mid);
        await cursor.update({ ...cursor.value, unread: 0 });
        cursor = await cursor.continue();
      }
      if (changed.length > 0)
        await applyToIndex(tx.objectStore('searchIndex'), account, { read: changed });
      await tx.done;
      return changed;
    },

    /** Deletes messages, tombstoned with their rows for undo; returns the ids that were stored. */
    async remove(account: number, ids: number[], now: number): Promise<number[]> {
      const removed = await removeMessages(await opened, account, ids, now);
      // Every id named is tombstoned now, stored or not.
      known.add(account, ids);
      return removed;
    },

    /** Puts back deleted messages whose rows their tombstones still keep; returns them. */
    async restore(account: number, ids: number[]): Promise<StoredMessage[]> {
      return restoreMessages(await opened, account, ids);
    },

    /** The server was told of these deletes: their undo copies go. */
    async forgetUndo(account: number, mids: number[]): Promise<void> {
      await forgetUndo(await opened, account, mids);
    },

    /** A page of an account's messages, newest first, optionally filtered. */
    async list(account: number, q: ListQuery): Promise<StoredMessage[]> {
      const range = accountRange(account, q.before?.createTime);
      const needle = q.query?.trim().toLowerCase() ?? '';
      const rows: StoredMessage[] = [];
      let cursor = await (
        await opened
      )
        .transaction('messages')
        .store.index('accountTime')
        .openCursor(range, 'prev');
      while (cursor && rows.length < q.limit) {
        const row = cursor.value;
        const afterCursor =
          q.before &&
          (row.createTime > q.before.createTime ||
            (row.createTime === q.before.createTime && row.mid >= q.before.mid));
        if (
          !afterCursor &&
          (!q.app || row.name === q.app) &&
          (!needle || row.searchText.includes(needle))
        ) {
          rows.push(row);
        }
        cursor = await cursor.continue();
      }
      return rows;
    },

    /** Applies retention over every account (see pruneMessages); returns what was dropped. */
    async prune(limits: PruneLimits): Promise<MessageKey[]> {
      const { dropped, forgotten } = await pruneMessages(await opened, limits);
      forget(dropped);
      forget(forgotten);
      return dropped;
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
