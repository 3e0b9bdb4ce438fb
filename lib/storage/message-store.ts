import type { WxpDatabase } from './db';
import type { IncomingMessage, StoredMessage } from '../message';
import { contentToPlainText } from '../render/plain-text';

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

/** Builds the row stored for an incoming message. */
export function toStoredMessage(m: IncomingMessage, receivedAt: number): StoredMessage {
  const { read, ...fields } = m;
  const text = contentToPlainText(m.content, m.contentType);
  return {
    ...fields,
    receivedAt,
    unread: read ? 0 : 1,
    searchText: [m.title, m.summary, m.name, text].join('\n').toLowerCase(),
  };
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'QuotaExceededError'
    : (error as { name?: string } | null)?.name === 'QuotaExceededError';
}

/**
 * The message store over IndexedDB, given the database or its opening (calls wait for it).
 * Only the worker writes through it; pages may use the read methods on their own connection.
 */
export function createMessageStore(database: WxpDatabase | Promise<WxpDatabase>) {
  const opened = Promise.resolve(database);

  /** Deletes the `count` oldest messages; returns their ids. */
  async function dropOldest(db: WxpDatabase, count: number): Promise<number[]> {
    const tx = db.transaction('messages', 'readwrite');
    const dropped: number[] = [];
    let cursor = await tx.store.index('createTime').openCursor(null, 'next');
    while (cursor && dropped.length < count) {
      dropped.push(cursor.value.mid);
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
    return dropped;
  }

  async function putOnce(
    db: WxpDatabase,
    incoming: IncomingMessage[],
    now: number,
  ): Promise<PutResult> {
    const tx = db.transaction(['messages', 'tombstones'], 'readwrite');
    const messages = tx.objectStore('messages');
    const tombstones = tx.objectStore('tombstones');
    const added: StoredMessage[] = [];
    const markedRead: number[] = [];
    const seen = new Set<number>();
    const unique = incoming.filter((m) => !seen.has(m.mid) && seen.add(m.mid));
    // Every lookup is issued at once, then every write: IndexedDB pipelines the requests of a
    // transaction, where awaiting each in turn cost a round trip per message (measured with
    // the benchmark's 1 000-message replay).
    const [existing, tombs] = await Promise.all([
      Promise.all(unique.map((m) => messages.get(m.mid))),
      Promise.all(unique.map((m) => tombstones.get(m.mid))),
    ]);
    const writes: Promise<unknown>[] = [];
    unique.forEach((m, i) => {
      const old = existing[i];
      if (tombs[i]) return;
      if (old) {
        if (m.read === true && old.unread === 1) {
          writes.push(messages.put({ ...old, unread: 0 }));
          markedRead.push(m.mid);
        }
        return;
      }
      const row = toStoredMessage(m, now);
      writes.push(messages.put(row));
      added.push(row);
    });
    await Promise.all([...writes, tx.done]);
    return { added, markedRead };
  }

  return {
    /**
     * Stores what is new and returns it. A quota error prunes the oldest tenth (at least 100)
     * and retries once; a second failure throws StoreWriteError so the caller can report it.
     */
    async putMany(incoming: IncomingMessage[], now: number): Promise<PutResult> {
      const db = await opened;
      try {
        return await putOnce(db, incoming, now);
      } catch (error) {
        if (!isQuotaError(error)) throw new StoreWriteError('Could not store messages', error);
        const total = await db.count('messages');
        await dropOldest(db, Math.max(100, Math.ceil(total / 10)));
        try {
          return await putOnce(db, incoming, now);
        } catch (retryError) {
          throw new StoreWriteError('Storage is full even after pruning old messages', retryError);
        }
      }
    },

    async get(mid: number): Promise<StoredMessage | undefined> {
      return (await opened).get('messages', mid);
    },

    async count(): Promise<number> {
      return (await opened).count('messages');
    },

    async unreadCount(): Promise<number> {
      return (await opened).countFromIndex('messages', 'unread', 1);
    },

    /** Sets read state; returns the ids whose state changed. */
    async setRead(ids: number[], read: boolean): Promise<number[]> {
      const mids = [...new Set(ids)];
      const tx = (await opened).transaction('messages', 'readwrite');
      const unread = read ? 0 : 1;
      // Pipelined like putOnce: all reads, then all writes, one transaction.
      const rows = await Promise.all(mids.map((mid) => tx.store.get(mid)));
      const toChange = rows.filter((row) => row !== undefined && row.unread !== unread);
      await Promise.all([...toChange.map((row) => tx.store.put({ ...row!, unread })), tx.done]);
      return toChange.map((row) => row!.mid);
    },

    /** Marks every unread message read; returns their ids. */
    async markAllRead(): Promise<number[]> {
      const tx = (await opened).transaction('messages', 'readwrite');
      const changed: number[] = [];
      let cursor = await tx.store.index('unread').openCursor(1);
      while (cursor) {
        changed.push(cursor.value.mid);
        await cursor.update({ ...cursor.value, unread: 0 });
        cursor = await cursor.continue();
      }
      await tx.done;
      return changed;
    },

    /** Deletes messages and remembers their ids so they never come back. */
    async remove(ids: number[], now: number): Promise<number[]> {
      const mids = [...new Set(ids)];
      const tx = (await opened).transaction(['messages', 'tombstones'], 'readwrite');
      const messages = tx.objectStore('messages');
      const tombstones = tx.objectStore('tombstones');
      // Pipelined like putOnce: all lookups, then all writes, one transaction.
      const keys = await Promise.all(mids.map((mid) => messages.getKey(mid)));
      await Promise.all([
        ...mids.flatMap((mid) => [messages.delete(mid), tombstones.put({ mid, deletedAt: now })]),
        tx.done,
      ]);
      return mids.filter((_, i) => keys[i] !== undefined);
    },

    /** Deletes every message (tombstoned, so replays cannot bring them back). */
    async removeAll(now: number): Promise<number[]> {
      const db = await opened;
      const mids = await db.getAllKeys('messages');
      const tx = db.transaction(['messages', 'tombstones'], 'readwrite');
      for (const mid of mids) await tx.objectStore('tombstones').put({ mid, deletedAt: now });
      await tx.objectStore('messages').clear();
      await tx.done;
      return mids;
    },

    /** Restores rows removed moments ago (undo in the popup). */
    async restore(rows: StoredMessage[]): Promise<void> {
      const tx = (await opened).transaction(['messages', 'tombstones'], 'readwrite');
      for (const row of rows) {
        await tx.objectStore('tombstones').delete(row.mid);
        await tx.objectStore('messages').put(row);
      }
      await tx.done;
    },

    /** A page of messages, newest first, optionally filtered. */
    async list(q: ListQuery): Promise<StoredMessage[]> {
      const range = q.before ? IDBKeyRange.upperBound(q.before.createTime) : null;
      const needle = q.query?.trim().toLowerCase() ?? '';
      const rows: StoredMessage[] = [];
      let cursor = await (
        await opened
      )
        .transaction('messages')
        .store.index('createTime')
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

    /**
     * Applies retention: drops messages older than `olderThan` and, past `maxCount`, the
     * oldest; forgets tombstones older than `olderThan`. Returns the dropped message ids.
     */
    async prune(olderThan: number, maxCount = MAX_STORED_MESSAGES): Promise<number[]> {
      const db = await opened;
      const tx = db.transaction(['messages', 'tombstones'], 'readwrite');
      const dropped: number[] = [];
      let cursor = await tx
        .objectStore('messages')
        .index('createTime')
        .openCursor(IDBKeyRange.upperBound(olderThan, true));
      while (cursor) {
        dropped.push(cursor.value.mid);
        await cursor.delete();
        cursor = await cursor.continue();
      }
      let tomb = await tx
        .objectStore('tombstones')
        .index('deletedAt')
        .openCursor(IDBKeyRange.upperBound(olderThan, true));
      while (tomb) {
        await tomb.delete();
        tomb = await tomb.continue();
      }
      await tx.done;
      const excess = (await db.count('messages')) - maxCount;
      if (excess > 0) dropped.push(...(await dropOldest(db, excess)));
      return dropped;
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
