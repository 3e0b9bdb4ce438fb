import type { Clock } from '../clock';
import { REPLAY_WINDOW_MS, type IncomingMessage, type StoredMessage } from '../message';
import type { PutResult } from '../storage/message-store';

/** Notifying waits at most this long: a notification API that never answers stalls nothing. */
export const NOTIFY_TIMEOUT_MS = 5_000;

interface Batch {
  account: number;
  messages: IncomingMessage[];
  notify: boolean;
  resolve: (result: PutResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The one path every incoming message takes (push, replay, catch-up): store, then notify
 * what was new, then badge and broadcast. Writes are serialised; whatever arrives while one
 * write runs is taken in the next, so a burst becomes a few transactions, not a thousand,
 * and nothing waits for a timer. A write that fails rejects its callers: they must not count
 * those messages as stored (docs/architecture.md §5, the catch-up cursor).
 */
export function createIngest(deps: {
  clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** The server's time now (estimated): message times are the server's. */
  serverNow: () => number;
  put: (account: number, messages: IncomingMessage[], now: number) => Promise<PutResult>;
  /** Whether messages of `account` may notify (those of an account left meanwhile do not). */
  isCurrent: (account: number) => boolean;
  notify: (messages: StoredMessage[]) => Promise<number>;
  afterWrite: (account: number, result: PutResult) => Promise<void>;
  onError: (error: unknown) => void;
}) {
  let queue: Batch[] = [];
  let running = false;
  let stored = 0;
  let lastMessageAt: number | null = null;

  /** Waits for `work`, or NOTIFY_TIMEOUT_MS, whichever comes first. */
  function bounded(work: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const timer = deps.clock.setTimeout(() => {
        deps.onError(new Error('Notifications did not answer'));
        resolve();
      }, NOTIFY_TIMEOUT_MS);
      void work.then(
        () => {
          deps.clock.clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          deps.clock.clearTimeout(timer);
          deps.onError(error);
          resolve();
        },
      );
    });
  }

  async function write(account: number, batches: Batch[]) {
    const now = deps.clock.now();
    let result: PutResult;
    try {
      result = await deps.put(
        account,
        batches.flatMap((b) => b.messages),
        now,
      );
    } catch (error) {
      // Nothing of these batches is stored: say so, and let each caller know.
      deps.onError(error);
      for (const batch of batches) batch.reject(error);
      return;
    }
    stored += result.added.length;
    if (result.added.length > 0) lastMessageAt = now;
    const notifyIds = new Set(
      batches.filter((b) => b.notify).flatMap((b) => b.messages.map((m) => m.mid)),
    );
    // Only messages younger than the replay window notify, by the server's clock (their
    // createTime is the server's); older ones arriving late are stored quietly.
    const since = deps.serverNow() - REPLAY_WINDOW_MS;
    const toNotify = deps.isCurrent(account)
      ? result.added.filter((m) => notifyIds.has(m.mid) && m.unread === 1 && m.createTime >= since)
      : [];
    if (toNotify.length > 0) await bounded(deps.notify(toNotify));
    try {
      if (result.added.length > 0 || result.markedRead.length > 0)
        await deps.afterWrite(account, result);
    } catch (error) {
      deps.onError(error);
    }
    for (const batch of batches) {
      const mids = new Set(batch.messages.map((m) => m.mid));
      batch.resolve({
        added: result.added.filter((m) => mids.has(m.mid)),
        markedRead: result.markedRead.filter((mid) => mids.has(mid)),
      });
    }
  }

  async function drain() {
    running = true;
    while (queue.length > 0) {
      const batches = queue;
      queue = [];
      // One write per account, in the order they arrived.
      const accounts = [...new Set(batches.map((b) => b.account))];
      for (const account of accounts) {
        await write(
          account,
          batches.filter((b) => b.account === account),
        );
      }
    }
    running = false;
  }

  return {
    /**
     * Queues messages of `account`; resolves with what of them was new once written, or
     * rejects if they could not be stored.
     */
    add(account: number, messages: IncomingMessage[], notify: boolean): Promise<PutResult> {
      return new Promise((resolve, reject) => {
        queue.push({ account, messages, notify, resolve, reject });
        if (!running) void drain();
      });
    },
    storedCount: () => stored,
    lastMessageAt: () => lastMessageAt,
  };
}

export type Ingest = ReturnType<typeof createIngest>;
