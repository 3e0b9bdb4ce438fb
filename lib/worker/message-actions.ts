import { badgeText } from '../notifications/mapper';
import type { Notifier } from '../notifications/notifier';
import { groupByAccount } from '../storage/message-prune';
import { MAX_STORED_MESSAGES, type MessageStore, type PutResult } from '../storage/message-store';
import type { Outbox } from '../storage/outbox';
import type { Changes, MessageChange } from './changes';

/**
 * Past MAX_STORED_MESSAGES the store is pruned this far below it, so a stream at the cap
 * prunes once per this many messages rather than on every write (docs/architecture.md §4).
 */
export const PRUNE_HEADROOM = 200;
/**
 * A delete goes to the server only after this long, so "undo" (offered for a few seconds,
 * lib/ui/message-list-store.ts) can still take it back there too.
 */
export const DELETE_HOLD_MS = 15_000;
/** Undo copies of deleted rows are dropped once this old, if the server never heard. */
export const UNDO_KEEP_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export interface MessageActionsDeps {
  store: MessageStore;
  outbox: Pick<Outbox, 'enqueue' | 'release' | 'nextRelease'>;
  /** Sends what the bound account owes (now, and when held deletes come due). */
  flush: () => Promise<void>;
  notifier: Pick<Notifier, 'clearFor'>;
  /** `action.setBadgeText`. */
  setBadgeText: (text: string) => Promise<void>;
  changes: Pick<Changes, 'messages'>;
  /** The account bound now; null while unbound (the badge shows nothing then). */
  currentAccount: () => number | null;
  now: () => number;
  /** The server's time now (estimated): message times are the server's. */
  serverNow: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  /** The retention setting, read at each prune. */
  retentionDays: () => number;
}

/**
 * Every change to the stored messages, whoever asks for it: a page (handlers.ts), a
 * notification click (notifications/clicks.ts) or the ingest write path. Each change ends the
 * same way, in `publish`: the badge is updated, then open pages are told. A change made here
 * (read marks, deletes) is applied locally first and owed to the account's server through the
 * outbox; a change to an earlier account's history waits there until that account is bound.
 */
export function createMessageActions(deps: MessageActionsDeps) {
  const { store, outbox, notifier } = deps;
  /** Stored messages as of the last prune plus those added since (deletes make it high). */
  let storedEstimate = 0;

  async function updateBadge(): Promise<void> {
    const account = deps.currentAccount();
    await deps.setBadgeText(badgeText(account === null ? 0 : await store.unreadCount(account)));
  }

  /** The one ending of every change: badge, then the broadcast. */
  async function publish(account: number, change: MessageChange): Promise<void> {
    await updateBadge();
    deps.changes.messages(account, change);
  }

  /** A change made here: published, then sent to the server (retried when that fails). */
  async function publishLocal(account: number, change: MessageChange): Promise<void> {
    await publish(account, change);
    void deps.flush();
  }

  /** Flushes again when the earliest held delete comes due (a stopped worker: the watchdog). */
  async function flushWhenDue(): Promise<void> {
    const at = await outbox.nextRelease();
    if (at !== undefined)
      deps.setTimeout(() => void deps.flush(), Math.max(0, at - deps.now()) + 50);
  }

  async function markRead(account: number, mids: number[], read: boolean): Promise<void> {
    const changed = await store.setRead(account, mids, read);
    if (changed.length === 0) return;
    await outbox.enqueue(account, read ? 'read' : 'unread', changed);
    if (read && account === deps.currentAccount()) await notifier.clearFor(changed);
    await publishLocal(account, { changed });
  }

  /** Retention and the size cap: drops what is too old, then the oldest past `maxCount`. */
  async function prune(maxCount = MAX_STORED_MESSAGES): Promise<void> {
    const keep = deps.retentionDays() * DAY_MS;
    const now = deps.now();
    const dropped = await store.prune({
      createdBefore: deps.serverNow() - keep,
      deletedBefore: now - keep,
      undoBefore: now - UNDO_KEEP_MS,
      maxCount,
    });
    storedEstimate = await store.count();
    for (const [account, mids] of groupByAccount(dropped))
      await publish(account, { removed: mids });
  }

  return {
    updateBadge,
    markRead,

    async markAllRead(account: number): Promise<void> {
      const changed = await store.markAllRead(account);
      if (changed.length === 0) return;
      await outbox.enqueue(account, 'read', changed);
      if (account === deps.currentAccount()) await notifier.clearFor(changed);
      await publishLocal(account, { changed });
    },

    /**
     * Deletes messages (what the user saw: "clear" passes the ids shown, never "everything",
     * which would also take what arrived since). The server is told after DELETE_HOLD_MS, so
     * an undo meanwhile takes it back there too. Returns the ids that were stored.
     */
    async remove(account: number, mids: number[]): Promise<number[]> {
      const removed = await store.remove(account, mids, deps.now());
      await outbox.enqueue(account, 'delete', removed, deps.now() + DELETE_HOLD_MS);
      if (account === deps.currentAccount()) await notifier.clearFor(removed);
      await publish(account, { removed });
      await flushWhenDue();
      return removed;
    },

    /**
     * Undo of a delete: the rows come back here, and their held server delete is dropped.
     * Returns the ids restored (a delete the server already got cannot be undone).
     */
    async restore(account: number, mids: number[]): Promise<number[]> {
      const released = await outbox.release(account, mids);
      const rows = await store.restore(account, released);
      const restored = rows.map((r) => r.mid);
      if (restored.length > 0) await publish(account, { added: restored });
      return restored;
    },

    /** The ingest write path, after new messages were stored (or known ones marked read). */
    async stored(account: number, result: PutResult): Promise<void> {
      await publish(account, { added: result.added.map((m) => m.mid), changed: result.markedRead });
      storedEstimate += result.added.length;
      if (storedEstimate > MAX_STORED_MESSAGES) await prune(MAX_STORED_MESSAGES - PRUNE_HEADROOM);
    },

    prune,
  };
}

export type MessageActions = ReturnType<typeof createMessageActions>;
