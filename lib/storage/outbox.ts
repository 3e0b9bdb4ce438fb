import { ApiError, type Api } from '../push/api';
import type { OutboxEntry, WxpDatabase } from './db';

/** The server takes at most 200 ids a call (docs/protocol.md §4). */
export const OUTBOX_BATCH = 200;
/** An entry the server keeps refusing (not for network reasons) is dropped after this. */
export const OUTBOX_MAX_ATTEMPTS = 10;

/**
 * Server calls owed for changes already applied locally (read marks, deletes). Kept in
 * IndexedDB so they survive a stopped worker; flushed in order, retried later on failure.
 */
export function createOutbox(deps: {
  /** The database, or its opening: calls wait for it. */
  db: WxpDatabase | Promise<WxpDatabase>;
  api: Api;
  now: () => number;
  onUnauthorized: (message: string) => Promise<void>;
}) {
  const opened = Promise.resolve(deps.db);
  let flushing: Promise<void> | null = null;

  async function send(entry: OutboxEntry) {
    switch (entry.op) {
      case 'read':
      case 'unread':
        return deps.api.readMark(entry.mids, entry.op === 'read');
      case 'delete':
        return deps.api.deleteMessages(entry.mids);
      case 'deleteAll':
        return deps.api.deleteAll();
    }
  }

  async function flushOnce() {
    const db = await opened;
    const entries = await db.getAll('outbox');
    for (const entry of entries) {
      try {
        await send(entry);
        await db.delete('outbox', entry.id!);
      } catch (error) {
        if (!(error instanceof ApiError) || error.code === 0) return; // offline: later
        if (error.unauthorized) {
          await deps.onUnauthorized(error.message);
          return;
        }
        const attempts = entry.attempts + 1;
        if (attempts >= OUTBOX_MAX_ATTEMPTS) await db.delete('outbox', entry.id!);
        else await db.put('outbox', { ...entry, attempts });
      }
    }
  }

  return {
    /** Queues a server call, split into batches of at most OUTBOX_BATCH ids. */
    async enqueue(op: OutboxEntry['op'], mids: number[]): Promise<void> {
      const tx = (await opened).transaction('outbox', 'readwrite');
      if (op === 'deleteAll') {
        // Earlier per-id calls are moot once everything is deleted.
        await tx.store.clear();
        await tx.store.add({ op, mids: [], createdAt: deps.now(), attempts: 0 });
      } else {
        for (let i = 0; i < mids.length; i += OUTBOX_BATCH) {
          const batch = mids.slice(i, i + OUTBOX_BATCH);
          await tx.store.add({ op, mids: batch, createdAt: deps.now(), attempts: 0 });
        }
      }
      await tx.done;
    },

    /** Sends what is owed; concurrent calls share one run. */
    flush(): Promise<void> {
      flushing ??= flushOnce().finally(() => {
        flushing = null;
      });
      return flushing;
    },

    pending: async () => (await opened).count('outbox'),

    clear: async () => (await opened).clear('outbox'),
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
