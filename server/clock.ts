/**
 * The server's notion of "now". Every timestamp, expiry, the 24 h replay window, the 7-day
 * retention and the rate limits read this clock, so tests (and `POST /__test/clock`) can move
 * time without sleeping. Socket idle timers stay on real time on purpose: they guard real
 * resources, not protocol state.
 */
export interface Clock {
  /** Epoch milliseconds: the base clock plus the current offset. */
  now(): number;
  /** Replaces (does not accumulate) the offset added to the base clock. */
  setOffset(offsetMs: number): void;
  /** The offset currently applied. */
  offset(): number;
}

/** Wraps a base clock (default `Date.now`) with a settable offset. */
export function createClock(base: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    setOffset: (ms) => {
      offsetMs = ms;
    },
    offset: () => offsetMs,
  };
}
