import type { Clock } from '../clock';
import { REPLAY_WINDOW_MS, type IncomingMessage } from '../message';
import type { NotifiableMessage } from '../notifications/mapper';
import type { KnownIds } from '../storage/known-ids';
import type { PutResult } from '../storage/message-store';

/** Notifying waits at most this long: a notification API that never answers stalls nothing. */
export const NOTIFY_TIMEOUT_MS = 5_000;

interface Batch {
  account: number;
  messages: IncomingMessage[];
  notify: boolean;
  /** Ids notified as they arrived (known new from memory): not notified again after the write. */
  notified: Set<number>;
  /** The notification raised as they arrived, settled or timed out. */
  notifying: Promise<void>;
  resolve: (result: PutResult) => void;
  reject: (error: unknown) => void;
}

/**
 * The one path every incoming message takes (push, replay, catch-up): store, notify what was
 * new, then badge and broadcast (docs/architecture.md §2, §6). Writes are serialised; whatever
 * arrives while one write runs is taken in the next, so a burst becomes a few transactions,
 * not a thousand, and nothing waits for a timer. A write that fails rejects its callers: they
 * must not count those messages as stored (docs/architecture.md §5, the catch-up cursor).
 *
 * When the account's ids are in memory (`known`), a message is known new as it arrives: it is
 * notified at once, while it is stored; a second copy arriving before that write is done is
 * left to the write (which finds it stored). Otherwise (ids not loaded yet, a worker just started) it is stored first
 * and notified when the write says it was new. Either way a message notifies under its own
 * notification id, so a worker stopped between the call and the commit notifies again under
 * the same id on its next start: the notification is replaced, not added.
 */
export function createIngest(deps: {
  clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** The server's time now (estimated): message times are the server's. */
  serverNow: () => number;
  put: (account: number, messages: IncomingMessage[], now: number) => Promise<PutResult>;
  /** The ids each account holds, as far as memory knows (storage/known-ids.ts). */
  known: Pick<KnownIds, 'has'>;
  /** Whether messages of `account` may notify (those of an account left meanwhile do not). */
  isCurrent: (account: number) => boolean;
  notify: (messages: NotifiableMessage[]) => Promise<number>;
  afterWrite: (account: number, result: PutResult) => Promise<void>;
  onError: (error: unknown) => void;
}) {
  let queue: Batch[] = [];
  let running = false;
  let stored = 0;
  let lastMessageAt: number | null = null;
  /** `account:mid` of every message queued or being written, with how many copies. */
  const inFlight = new Map<string, number>();
  const key = (account: number, mid: number) => `${account}:${mid}`;

  function track(batch: Batch, by: 1 | -1) {
    for (const m of batch.messages) {
      const k = key(batch.account, m.mid);
      const n = (inFlight.get(k) ?? 0) + by;
      if (n > 0) inFlight.set(k, n);
      else inFlight.delete(k);
    }
  }

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

  /** The oldest createTime (the server's clock) that notifies: older ones are stored quietly. */
  const notifySince = () => deps.serverNow() - REPLAY_WINDOW_MS;

  /**
   * Notifies at once the messages memory knows to be new: not held by the account, and no
   * copy queued or being written (that earlier write decides about its own). The rest are
   * left to the write.
   */
  function notifyOnArrival(batch: Batch) {
    const { account } = batch;
    if (!batch.notify || !deps.isCurrent(account)) return;
    const since = notifySince();
    const toNotify: IncomingMessage[] = [];
    for (const m of batch.messages) {
      if (m.read === true || m.createTime < since || batch.notified.has(m.mid)) continue;
      if (inFlight.has(key(account, m.mid)) || deps.known.has(account, m.mid) !== false) continue;
      batch.notified.add(m.mid);
      toNotify.push(m);
    }
    if (toNotify.length > 0) batch.notifying = bounded(deps.notify(toNotify));
  }

  /** A write whose callers wait for what follows it: its result, or why nothing was stored. */
  type Written = { account: number; batches: Batch[] } & (
    { result: PutResult } | { error: unknown }
  );
  /** Writes committed (or failed) whose notifications, badge and callers are still to come. */
  let written: Written[] = [];
  let finishing = false;

  async function write(account: number, batches: Batch[]) {
    const now = deps.clock.now();
    try {
      const result = await deps.put(
        account,
        batches.flatMap((b) => b.messages),
        now,
      );
      stored += result.added.length;
      // When the last new message was stored (committed), not when its write began.
      if (result.added.length > 0) lastMessageAt = deps.clock.now();
      written.push({ account, batches, result });
    } catch (error) {
      // Nothing of these batches is stored: say so now; the callers hear it in write order. A
      // copy arriving later is stored then, and notified again under the same id (replacing,
      // not adding).
      deps.onError(error);
      written.push({ account, batches, error });
    }
    if (!finishing) void finish();
  }

  /** The new, unread, recent messages of a write that were not notified on arrival. */
  function leftToNotify({ account, batches, result }: Written & { result: PutResult }) {
    if (!deps.isCurrent(account)) return [];
    // A message notified on arrival is not notified again, whichever batch of this write
    // brought it too (a push and the catch-up page listing it).
    const notified = new Set(batches.flatMap((b) => [...b.notified]));
    const notifyIds = new Set(
      batches
        .filter((b) => b.notify)
        .flatMap((b) => b.messages.map((m) => m.mid))
        .filter((mid) => !notified.has(mid)),
    );
    const since = notifySince();
    return result.added.filter(
      (m) => notifyIds.has(m.mid) && m.unread === 1 && m.createTime >= since,
    );
  }

  /**
   * What follows the commits, for every write committed since it last ran: the notifications
   * (one call), then per account one badge and broadcast of all their rows, then the callers'
   * answers. The next write does not wait for this: at a relaunch the browser answers a badge
   * or a notification in up to hundreds of ms, and a backlog written meanwhile is taken in one
   * round, so those calls do not pile up behind the writes (docs/architecture.md §2).
   */
  async function finish() {
    finishing = true;
    while (written.length > 0) {
      const round = written;
      written = [];
      // The notifications raised on arrival come before the broadcast, as on the safe path.
      await Promise.all(round.flatMap((w) => w.batches.map((b) => b.notifying)));
      const ok = round.filter((w): w is Written & { result: PutResult } => 'result' in w);
      const toNotify = ok.flatMap(leftToNotify);
      try {
        if (toNotify.length > 0) await bounded(deps.notify(toNotify));
      } catch (error) {
        // A notifier that threw before answering: the rows are stored, the callers still hear.
        deps.onError(error);
      }
      for (const account of new Set(ok.map((w) => w.account))) {
        const mine = ok.filter((w) => w.account === account);
        const result: PutResult = {
          added: mine.flatMap((w) => w.result.added),
          markedRead: mine.flatMap((w) => w.result.markedRead),
        };
        try {
          if (result.added.length > 0 || result.markedRead.length > 0)
            await deps.afterWrite(account, result);
        } catch (error) {
          deps.onError(error);
        }
      }
      for (const w of round) {
        for (const batch of w.batches) {
          track(batch, -1);
          if ('error' in w) {
            batch.reject(w.error);
            continue;
          }
          const mids = new Set(batch.messages.map((m) => m.mid));
          batch.resolve({
            added: w.result.added.filter((m) => mids.has(m.mid)),
            markedRead: w.result.markedRead.filter((mid) => mids.has(mid)),
          });
        }
      }
    }
    finishing = false;
  }

  /** Writes what is queued, one write after another; `add` marked it running when it queued. */
  async function drain() {
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
        const batch: Batch = {
          account,
          messages,
          notify,
          notified: new Set(),
          notifying: Promise.resolve(),
          resolve,
          reject,
        };
        notifyOnArrival(batch);
        track(batch, 1);
        queue.push(batch);
        // The write starts once this task's adds are queued: a loop of adds (the frames a
        // just-started worker held) is one write, not a first one of one message.
        if (!running) {
          running = true;
          queueMicrotask(() => void drain());
        }
      });
    },
    storedCount: () => stored,
    lastMessageAt: () => lastMessageAt,
  };
}

export type Ingest = ReturnType<typeof createIngest>;
