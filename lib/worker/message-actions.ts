import type { StoredMessage } from '../message';
import { badgeText } from '../notifications/mapper';
import type { Notifier } from '../notifications/notifier';
import { MAX_STORED_MESSAGES, type MessageStore, type PutResult } from '../storage/message-store';
import type { Outbox } from '../storage/outbox';
import type { Changes, MessageChange } from './changes';

/**
 * Past MAX_STORED_MESSAGES the store is pruned this far below it, so a stream at the cap
 * prunes once per this many messages rather than on every write (docs/architecture.md §4).
 */
export const PRUNE_HEADROOM = 200;
const DAY_MS = 24 * 60 * 60_000;

export interface MessageActionsDeps {
  store: MessageStore;
  outbox: Pick<Outbox, 'enqueue' | 'flush'>;
  notifier: Pick<Notifier, 'clearFor'>;
  /** `action.setBadgeText`. */
  setBadgeText: (text: string) => Promise<void>;
  changes: Pick<Changes, 'messages'>;
  now: () => number;
  /** The retention setting, read at each prune. */
  retentionDays: () => number;
}

/**
 * Every change to the stored messages, whoever asks for it: a page (handlers.ts), a
 * notification click (notifications/clicks.ts) or the ingest write path. Each change ends the
 * same way, in `publish`: the badge is updated, then open pages are told. A change made here
 * (read marks, deletes) is applied locally first and owed to the server through the outbox.
 */
export function createMessageActions(deps: MessageActionsDeps) {
  const { store, outbox, notifier } = deps;
  /** Stored messages as of the last prune plus those added since (deletes make it high). */
  let storedEstimate = 0;

  async function updateBadge(): Promise<void> {
    await deps.setBadgeText(badgeText(await store.unreadCount()));
  }

  /** The one ending of every change: badge, then the broadcast. */
  async function publish(change: MessageChange): Promise<void> {
    await updateBadge();
    deps.changes.messages(change);
  }

  /** A change made here: published, then sent to the server (retried when that fails). */
  async function publishLocal(change: MessageChange): Promise<void> {
    await publish(change);
    void outbox.flush();
  }

  async function markRead(mids: number[], read: boolean): Promise<void> {
    const changed = await store.setRead(mids, read);
    if (changed.length === 0) return;
    await outbox.enqueue(read ? 'read' : 'unread', changed);
    if (read) await notifier.clearFor(changed);
    await publishLocal({ changed });
  }

  /** Retention and the size cap: drops what is too old, then the oldest past `maxCount`. */
  async function prune(maxCount = MAX_STORED_MESSAGES): Promise<void> {
    const olderThan = deps.now() - deps.retentionDays() * DAY_MS;
    const dropped = await store.prune(olderThan, maxCount);
    storedEstimate = await store.count();
    if (dropped.length > 0) await publish({ removed: dropped });
  }

  return {
    updateBadge,
    markRead,

    async markAllRead(): Promise<void> {
      const changed = await store.markAllRead();
      if (changed.length === 0) return;
      await outbox.enqueue('read', changed);
      await notifier.clearFor(changed);
      await publishLocal({ changed });
    },

    /** Deletes messages (tombstoned); returns the rows as they were, for undo. */
    async remove(mids: number[]): Promise<StoredMessage[]> {
      const rows = (await Promise.all(mids.map((mid) => store.get(mid)))).filter(
        (row) => row !== undefined,
      );
      const removed = await store.remove(mids, deps.now());
      await outbox.enqueue('delete', removed);
      await notifier.clearFor(removed);
      await publishLocal({ removed });
      return rows;
    },

    /** Deletes every message; returns how many there were. */
    async removeAll(): Promise<number> {
      const removed = await store.removeAll(deps.now());
      await outbox.enqueue('deleteAll', []);
      await notifier.clearFor(removed);
      await publishLocal({ removed });
      return removed.length;
    },

    /**
     * Undo of a delete: puts the rows back here. The server delete queued with it is not taken
     * back: if it has gone out, the messages live on here only.
     */
    async restore(rows: StoredMessage[]): Promise<void> {
      await store.restore(rows);
      await publish({ added: rows.map((r) => r.mid) });
    },

    /** The ingest write path, after new messages were stored (or known ones marked read). */
    async stored(result: PutResult): Promise<void> {
      await publish({ added: result.added.map((m) => m.mid), changed: result.markedRead });
      storedEstimate += result.added.length;
      if (storedEstimate > MAX_STORED_MESSAGES) await prune(MAX_STORED_MESSAGES - PRUNE_HEADROOM);
    },

    prune,
  };
}

export type MessageActions = ReturnType<typeof createMessageActions>;
