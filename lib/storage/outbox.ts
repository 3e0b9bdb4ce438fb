import { ApiError, type Api } from '../push/api';
import type { OutboxEntry, WxpDatabase } from './db';

/** The server takes at most 200 ids a call (docs/protocol.md §4). */
export const OUTBOX_BATCH = 200;
/** An entry the server keeps refusing (it answered, and said no) is dropped after this. */
export const OUTBOX_MAX_ATTEMPTS = 10;
/** Servers keep messages 7 days (docs/protocol.md §6): a call older than that is moot. */
export const OUTBOX_MAX_AGE_MS = 7 * 24 * 60 * 60_000;

/** Where a flush sends: the account bound now, through the API of its server and token. */
export interface OutboxTarget {
  account: number;
  api: Pick<Api, 'readMark' | 'deleteMessages'>;
  /** A 1002 from this target's server: the binding is gone (if it is still this one). */
  onUnauthorized: (message: string) => Promise<void>;
  /** Deletes the server now knows of: their undo copies can go. */
  onDeleted?: (mids: number[]) => Promise<void>;
}

/**
 * Server calls owed for changes already applied locally (read marks, deletes), per account.
 * Kept in IndexedDB so they survive a stopped worker; sent in order to the account's own
 * server only, retried later on failure (docs/protocol.md §4).
 */
export function createOutbox(deps: {
  /** The database, or its opening: calls wait for it. */
  db: WxpDatabase | Promise<WxpDatabase>;
  now: () => number;
}) {
  const opened = Promise.resolve(deps.db);
  let flushing: Promise<void> | null = null;

  function send(entry: OutboxEntry, api: OutboxTarget['api']) {
    return entry.op === 'delete'
      ? api.deleteMessages(entry.mids)
      : api.readMark(entry.mids, entry.op === 'read');
  }

  /**
   * One pass over the target's entries, in order. An entry that cannot go yet (held for undo,
   * or refused by the server) holds back the later ones touching the same ids, so the server
   * sees each id's calls in the order they were made, and lets the others through. A server
   * that cannot be reached stops the pass: nothing else would get through either.
   */
  async function flushOnce(target: OutboxTarget) {
    const db = await opened;
    const now = deps.now();
    const blocked = new Set<number>();
    for (const entry of await db.getAll('outbox')) {
      if (now - entry.createdAt > OUTBOX_MAX_AGE_MS) {
        await db.delete('outbox', entry.id!);
        continue;
      }
      if (entry.account !== target.account) continue;
      if ((entry.notBefore ?? 0) > now || entry.mids.some((mid) => blocked.has(mid))) {
        for (const mid of entry.mids) blocked.add(mid);
        continue;
      }
      try {
        await send(entry, target.api);
        await db.delete('outbox', entry.id!);
        if (entry.op === 'delete') await target.onDeleted?.(entry.mids);
      } catch (error) {
        if (!(error instanceof ApiError) || error.transient) return; // unreachable: later
        if (error.unauthorized) {
          await target.onUnauthorized(error.message);
          return;
        }
        const attempts = entry.attempts + 1;
        if (attempts >= OUTBOX_MAX_ATTEMPTS) {
          await db.delete('outbox', entry.id!);
        } else {
          await db.put('outbox', { ...entry, attempts });
          for (const mid of entry.mids) blocked.add(mid);
        }
      }
    }
  }

  return {
    /**
     * Queues a server call for `account`, split into batches of at most OUTBOX_BATCH ids;
     * with `notBefore` it is not sent before then.
     */
    async enqueue(
      account: number,
      op: OutboxEntry['op'],
      mids: number[],
      notBefore?: number,
    ): Promise<void> {
      if (mids.length === 0) return;
      const tx = (await opened).transaction('outbox', 'readwrite');
      for (let i = 0; i < mids.length; i += OUTBOX_BATCH) {
        const batch = mids.slice(i, i + OUTBOX_BATCH);
        const entry: OutboxEntry = { account, op, mids: batch, createdAt: deps.now(), attempts: 0 };
        await tx.store.add(notBefore === undefined ? entry : { ...entry, notBefore });
      }
      await tx.done;
    },

    /**
     * Takes ids out of the account's deletes still held (an undo): returns the ids found there,
     * which the server will now never be asked to delete.
     */
    async release(account: number, mids: number[]): Promise<number[]> {
      const wanted = new Set(mids);
      const released: number[] = [];
      const tx = (await opened).transaction('outbox', 'readwrite');
      for (const entry of await tx.store.getAll()) {
        if (entry.account !== account || entry.op !== 'delete' || !entry.notBefore) continue;
        const kept = entry.mids.filter((mid) => !wanted.has(mid));
        if (kept.length === entry.mids.length) continue;
        released.push(...entry.mids.filter((mid) => wanted.has(mid)));
        if (kept.length === 0) await tx.store.delete(entry.id!);
        else await tx.store.put({ ...entry, mids: kept });
      }
      await tx.done;
      return released;
    },

    /** Sends what the target's account owes; concurrent calls share one run. */
    flush(target: OutboxTarget): Promise<void> {
      flushing ??= flushOnce(target).finally(() => {
        flushing = null;
      });
      return flushing;
    },

    /** The earliest time a held entry may go, if any is held (to flush again then). */
    async nextRelease(): Promise<number | undefined> {
      const times = (await (await opened).getAll('outbox')).flatMap((e) =>
        e.notBefore ? [e.notBefore] : [],
      );
      return times.length ? Math.min(...times) : undefined;
    },

    /** Calls still owed, for one account or all. */
    async pending(account?: number): Promise<number> {
      const all = await (await opened).getAll('outbox');
      return account === undefined ? all.length : all.filter((e) => e.account === account).length;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
