import { REPLAY_WINDOW_MS, type IncomingMessage, type StoredMessage } from '../message';
import type { PutResult } from '../storage/message-store';

interface Batch {
  messages: IncomingMessage[];
  notify: boolean;
  resolve: (result: PutResult) => void;
}

/**
 * The one path every incoming message takes (push, replay, catch-up): store, then notify
 * what was new, then badge and broadcast. Writes are serialised; whatever arrives while one
 * write runs is taken in the next, so a burst becomes a few transactions, not a thousand,
 * and nothing waits for a timer.
 */
export function createIngest(deps: {
  now: () => number;
  put: (messages: IncomingMessage[], now: number) => Promise<PutResult>;
  notify: (messages: StoredMessage[]) => Promise<number>;
  afterWrite: (result: PutResult) => Promise<void>;
  onError: (error: unknown) => void;
}) {
  let queue: Batch[] = [];
  let running = false;
  let stored = 0;
  let lastMessageAt: number | null = null;

  async function drain() {
    running = true;
    while (queue.length > 0) {
      const batches = queue;
      queue = [];
      const now = deps.now();
      const empty: PutResult = { added: [], markedRead: [] };
      let result = empty;
      try {
        result = await deps.put(
          batches.flatMap((b) => b.messages),
          now,
        );
      } catch (error) {
        // The write failed even after pruning: say so, keep running for the next message.
        deps.onError(error);
      }
      stored += result.added.length;
      if (result.added.length > 0) lastMessageAt = now;
      const notifyIds = new Set(
        batches.filter((b) => b.notify).flatMap((b) => b.messages.map((m) => m.mid)),
      );
      // Only messages younger than the replay window notify; older ones are stored quietly.
      const toNotify = result.added.filter(
        (m) => notifyIds.has(m.mid) && m.unread === 1 && m.createTime >= now - REPLAY_WINDOW_MS,
      );
      try {
        if (toNotify.length > 0) await deps.notify(toNotify);
        if (result.added.length > 0 || result.markedRead.length > 0) await deps.afterWrite(result);
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
    running = false;
  }

  return {
    /** Queues messages; resolves with what of them was new once written. */
    add(messages: IncomingMessage[], notify: boolean): Promise<PutResult> {
      return new Promise((resolve) => {
        queue.push({ messages, notify, resolve });
        if (!running) void drain();
      });
    },
    storedCount: () => stored,
    lastMessageAt: () => lastMessageAt,
  };
}

export type Ingest = ReturnType<typeof createIngest>;
