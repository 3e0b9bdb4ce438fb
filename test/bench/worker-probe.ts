import type { Evaluator } from '../e2e/worker-inspect';

/**
 * Timestamps taken inside the worker, installed from outside through `serviceWorker.evaluate`:
 * nothing test-only is compiled into the extension.
 *
 * - `chrome.notifications.create` and `.update` are wrapped (a burst's summary is updated in
 *   place). Chromium 156 has a native `browser`, so
 *   webextension-polyfill hands the worker `globalThis.browser`, whose `notifications`
 *   namespace is the very object `chrome.notifications` is; the notifier looks `create` up on
 *   it at each call, so the wrapper sees every creation (checked against the worker's own
 *   `notificationsRaised` counter by the benchmarks).
 * - `JSON.parse` is wrapped: the socket handler parses each frame first thing (after a length
 *   check), so a parse whose result is a 20001 frame stamps that message's arrival in the
 *   worker (taken before the parse, which is the worker's own work).
 * - `BroadcastChannel.prototype.postMessage` is wrapped: the worker posts
 *   `{type:'messages', added:[mids]}` on 'wxp-changes' after each store write, its
 *   notifications and the badge update, synchronously, so the record order is exact.
 *
 * Times are `performance.timeOrigin + performance.now()`: the wall clock with sub-ms
 * resolution, the same expression the bench process (Node) uses on the same machine.
 */
export interface ProbeRecord {
  /**
   * notifications.create and notifications.update calls (a burst's summary is updated);
   * `timer`: made from a timer's callback, not while a frame or a write was handled.
   */
  creates: { id: string; at: number; doneAt: number; update?: boolean; timer?: boolean }[];
  writes: { at: number; added: number[] }[];
  /** Message frames (20001) as they reached the worker's socket handler. */
  frames: { at: number; mid: number }[];
}

export function installProbe(worker: Evaluator): Promise<void> {
  return worker.evaluate(() => {
    const g = self as unknown as { __wxpBench?: ProbeRecordInWorker };
    type ProbeRecordInWorker = {
      creates: { id: string; at: number; doneAt: number; update?: boolean; timer?: boolean }[];
      writes: { at: number; added: number[] }[];
      frames: { at: number; mid: number }[];
    };
    if (g.__wxpBench) return;
    const rec: ProbeRecordInWorker = { creates: [], writes: [], frames: [] };
    const now = () => performance.timeOrigin + performance.now();
    // Timer callbacks are marked while they run: a notification call made in one (Firefox
    // showing a burst's summary again, lib/platform/notifications.ts) is not one for a frame.
    let inTimer = 0;
    const setTimer = self.setTimeout;
    self.setTimeout = function (handler: unknown, ms?: number, ...rest: unknown[]) {
      if (typeof handler !== 'function') return setTimer(handler as string, ms, ...rest);
      return setTimer(
        (...args: unknown[]) => {
          inTimer++;
          try {
            return (handler as (...a: unknown[]) => unknown)(...args);
          } finally {
            inTimer--;
          }
        },
        ms,
        ...rest,
      );
    } as typeof self.setTimeout;
    const parse = JSON.parse;
    JSON.parse = function (text: string, reviver?: Parameters<typeof parse>[1]) {
      const at = now();
      const value = parse(text, reviver) as unknown;
      const frame = value as { msgType?: unknown; mid?: unknown } | null;
      if (frame && frame.msgType === 20001 && typeof frame.mid === 'number')
        rec.frames.push({ at, mid: frame.mid });
      return value;
    } as typeof JSON.parse;
    const n = chrome.notifications as unknown as Record<string, (...a: unknown[]) => unknown>;
    for (const name of ['create', 'update']) {
      // Firefox has no update: nothing to wrap.
      const original = n[name];
      if (typeof original !== 'function') continue;
      n[name] = function (...args: unknown[]) {
        const entry = {
          id: String(args[0]),
          at: now(),
          doneAt: 0,
          update: name === 'update',
          timer: inTimer > 0,
        };
        rec.creates.push(entry);
        const result = original.apply(this, args) as Promise<unknown> | undefined;
        void result?.then?.(() => (entry.doneAt = now()));
        return result;
      };
    }
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (message: unknown) {
      const m = message as { type?: string; added?: number[] } | null;
      if (this.name === 'wxp-changes' && m?.type === 'messages' && m.added?.length) {
        rec.writes.push({ at: now(), added: [...m.added] });
      }
      return post.call(this, message);
    };
    g.__wxpBench = rec;
  });
}

/** Takes (and clears) what the probe recorded so far. */
export function takeProbe(worker: Evaluator): Promise<ProbeRecord> {
  return worker.evaluate(() => {
    const g = self as unknown as { __wxpBench?: ProbeRecord };
    const rec = g.__wxpBench;
    if (!rec) return { creates: [], writes: [], frames: [] };
    const out = { creates: [...rec.creates], writes: [...rec.writes], frames: [...rec.frames] };
    rec.creates.length = 0;
    rec.writes.length = 0;
    rec.frames.length = 0;
    return out;
  });
}

/** Reads what the probe recorded so far without clearing it. */
export function peekProbe(worker: Evaluator): Promise<ProbeRecord> {
  return worker.evaluate(() => {
    const rec = (self as unknown as { __wxpBench?: ProbeRecord }).__wxpBench;
    return {
      creates: [...(rec?.creates ?? [])],
      writes: [...(rec?.writes ?? [])],
      frames: [...(rec?.frames ?? [])],
    };
  });
}

/** Per mid: when its write was broadcast, and when the notification raised for it was created. */
export interface MidTimes {
  writtenAt: number;
  /** When the notification covering this message resolved; undefined when none was raised. */
  notifiedAt?: number;
  /** When the worker called notifications.create for it. */
  createAt?: number;
  /** When its frame reached the worker's socket handler (pushed messages only). */
  frameAt?: number;
}

/**
 * Joins creations to writes. The worker notifies a write's new messages before it broadcasts
 * that write, so the creations recorded between two broadcasts belong to the later one, except
 * those made before any of its messages' frames arrived, or from a timer: Firefox shows a burst's
 * summary again from a timer (at most every 2 s), for the counts before, not for the message
 * whose frame happened to be in hand then.
 */
export function timesByMid(rec: ProbeRecord): Map<number, MidTimes> {
  const out = new Map<number, MidTimes>();
  const frameAt = new Map(rec.frames.map((f) => [f.mid, f.at]));
  let c = 0;
  for (const write of rec.writes) {
    let notifiedAt: number | undefined;
    let createAt: number | undefined;
    const frames = write.added.flatMap((mid) => frameAt.get(mid) ?? []);
    const firstFrame = frames.length > 0 ? Math.min(...frames) : -Infinity;
    while (c < rec.creates.length && rec.creates[c]!.at <= write.at) {
      if (rec.creates[c]!.at < firstFrame || rec.creates[c]!.timer) {
        c++;
        continue;
      }
      const done = rec.creates[c]!.doneAt || rec.creates[c]!.at;
      notifiedAt = Math.max(notifiedAt ?? 0, done);
      createAt ??= rec.creates[c]!.at;
      c++;
    }
    for (const mid of write.added) {
      if (!out.has(mid))
        out.set(mid, { writtenAt: write.at, notifiedAt, createAt, frameAt: frameAt.get(mid) });
    }
  }
  return out;
}
