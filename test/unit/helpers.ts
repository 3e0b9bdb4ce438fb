import type { IncomingMessage, StoredMessage } from '../../lib/message';

/** A stored message with defaults, for tests. */
export function message(over: Partial<StoredMessage> = {}): StoredMessage {
  return {
    mid: 1,
    qid: 'q1',
    title: '',
    name: '',
    summary: '',
    content: '',
    contentType: 1,
    url: '',
    sourceUrl: '',
    createTime: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    unread: 1,
    searchText: '',
    ...over,
  };
}

/** An incoming message with defaults, for tests. */
export function incoming(mid: number, over: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    mid,
    qid: `q${mid}`,
    title: `Title ${mid}`,
    name: 'App',
    summary: `Summary ${mid}`,
    content: `Content ${mid}`,
    contentType: 1,
    url: '',
    sourceUrl: '',
    createTime: 1_700_000_000_000 + mid,
    ...over,
  };
}

/** A hand-run clock: timers fire only when the test advances time. */
export function createFakeClock(start = 1_700_000_000_000) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number): unknown {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle: unknown) {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    /** Moves time forward, firing due timers in order. */
    async advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await Promise.resolve();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
    },
  };
}
