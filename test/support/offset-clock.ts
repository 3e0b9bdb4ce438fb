import type { Clock } from '../../server/clock';

/** A server clock tests can move: a base clock plus an offset they set. */
export interface OffsetClock extends Clock {
  /** Replaces (does not accumulate) the offset added to the base clock. */
  setOffset(offsetMs: number): void;
  /** The offset currently applied. */
  offset(): number;
}

/** Wraps a base clock (default `Date.now`) with a settable offset. */
export function createOffsetClock(base: () => number = Date.now): OffsetClock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    setOffset: (ms) => {
      offsetMs = ms;
    },
    offset: () => offsetMs,
  };
}
