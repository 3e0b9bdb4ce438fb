/**
 * Seconds to wait before redial n (0-based), then the last step forever. Starts faster than
 * the desktop client's 5, 10, 15 … (docs/protocol.md §3) because a dropped socket usually comes
 * back at once, and ends at its 120 s.
 */
export const BACKOFF_SCHEDULE_S = [1, 2, 5, 10, 15, 30, 60, 120] as const;
/** ±20 %: spreads out the redials of many browsers after a server restart. */
export const BACKOFF_JITTER = 0.2;
export const BACKOFF_MIN_MS = 500;

/**
 * The wait in ms before redial `attempt` (0-based; clamped to the schedule; negative or NaN
 * counts as 0). `random` is `Math.random`-like: 0.5 gives the step exactly,
 * 0 gives −20 %, just under 1 gives +20 %. Never below BACKOFF_MIN_MS.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const last = BACKOFF_SCHEDULE_S.length - 1;
  const index = Number.isNaN(attempt) ? 0 : Math.min(Math.max(Math.floor(attempt), 0), last);
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  const factor = 1 + (unit * 2 - 1) * BACKOFF_JITTER;
  return Math.max(BACKOFF_MIN_MS, Math.round(BACKOFF_SCHEDULE_S[index]! * 1000 * factor));
}
