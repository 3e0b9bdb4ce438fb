import type { Worker } from '@playwright/test';

/**
 * Faults and counters installed into the running worker from outside with
 * `serviceWorker.evaluate`, like the probe (nothing test-only is compiled into the extension).
 * They live in one worker instance: a stopped worker's successor has none of them.
 */

/**
 * While on, every write to the `messages` store fails the way a disk error does in Chrome's
 * IndexedDB (`UnknownError`); reads and other stores keep working.
 */
export function failMessageWrites(worker: Worker, on: boolean): Promise<void> {
  return worker.evaluate((on) => {
    const g = self as unknown as { __failWrites?: boolean; __failWritesInstalled?: boolean };
    g.__failWrites = on;
    if (g.__failWritesInstalled) return;
    g.__failWritesInstalled = true;
    const proto = IDBObjectStore.prototype as unknown as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    for (const name of ['put', 'add']) {
      const original = proto[name]!;
      proto[name] = function (this: IDBObjectStore, ...args: unknown[]) {
        if (g.__failWrites && this.name === 'messages') {
          throw new DOMException(
            'Internal error writing the record (fault injected)',
            'UnknownError',
          );
        }
        return original.apply(this, args);
      };
    }
  }, on);
}

/**
 * Starts recording the worker's finished HTTP requests (idempotent per instance): their URLs in
 * order, and a count per path.
 */
export function countRequests(worker: Worker): Promise<void> {
  return worker.evaluate(() => {
    const g = self as unknown as { __requests?: Record<string, number>; __urls?: string[] };
    if (g.__requests) return;
    const counts: Record<string, number> = {};
    const urls: string[] = [];
    g.__requests = counts;
    g.__urls = urls;
    const original = self.fetch.bind(self);
    self.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      try {
        return await original(input, init);
      } finally {
        const path = new URL(url).pathname;
        counts[path] = (counts[path] ?? 0) + 1;
        urls.push(url);
      }
    };
  });
}

/** Finished requests to `path` since `countRequests` (0 before). */
export function requestCount(worker: Worker, path: string): Promise<number> {
  return worker.evaluate(
    (path) => (self as unknown as { __requests?: Record<string, number> }).__requests?.[path] ?? 0,
    path,
  );
}

/** Every URL the worker fetched since `countRequests`, in order. */
export function requestedUrls(worker: Worker): Promise<string[]> {
  return worker.evaluate(() => [...((self as unknown as { __urls?: string[] }).__urls ?? [])]);
}

/** The ids a read-mark or delete URL names (`messageIds=1,2,3`). */
export function idsOf(url: string): number[] {
  const ids = new URL(url).searchParams.get('messageIds') ?? '';
  return ids ? ids.split(',').map(Number) : [];
}

export const LIST_V2 = '/api/need-login/device/message/list-v2';
export const DELETE = '/api/need-login/device/message/delete';
export const READ_MARK = '/api/need-login/device/message/read-mark';
