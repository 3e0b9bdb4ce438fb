/**
 * The server's notion of "now". Every timestamp, expiry, the 24 h replay window, the 7-day
 * retention and the rate limits read this clock, so a caller that injects its own (the test
 * server moves time this way) changes time without sleeping. Socket idle timers stay on real time
 * on purpose: they guard real resources, not protocol state.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };
