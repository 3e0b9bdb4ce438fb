/** A sliding-window limiter: at most `limit` hits per key in any `windowMs`. */
export interface RateLimiter {
  /** Records a hit and returns true, or returns false (recording nothing) when over the limit. */
  hit(key: string): boolean;
  /** Forgets keys with no hit inside the window (bounded memory). */
  prune(): void;
}

/**
 * The sender limit of docs/protocol.md §6: at most 20 calls in any 10 s window per app (or SPT),
 * about 2 a second. Time comes from the injected clock so tests can step over a window.
 */
export function createRateLimiter(limit: number, windowMs: number, now: () => number): RateLimiter {
  const hits = new Map<string, number[]>();
  const recent = (key: string, at: number) =>
    (hits.get(key) ?? []).filter((t) => t > at - windowMs && t <= at);
  return {
    hit(key) {
      const at = now();
      const times = recent(key, at);
      if (times.length >= limit) {
        hits.set(key, times);
        return false;
      }
      times.push(at);
      hits.set(key, times);
      return true;
    },
    prune() {
      const at = now();
      for (const key of [...hits.keys()]) {
        const times = recent(key, at);
        if (times.length === 0) hits.delete(key);
        else hits.set(key, times);
      }
    },
  };
}
