import type { Clock } from '../clock';
import type { LocalArea } from '../worker/browser';

/** Where the last estimate is kept, for a restarted worker before its first frame. */
export const SERVER_CLOCK_KEY = 'serverClockOffset';
/** A frame's createTime is read this far off at most (the trip and a busy event loop). */
export const FRAME_UNCERTAINTY_MS = 1_000;
/** A `Date` header has whole seconds, plus the trip. */
export const DATE_HEADER_UNCERTAINTY_MS = 2_000;

/**
 * The server's clock as this browser can know it (docs/protocol.md §3). Message times
 * (`createTime`) are the server's; this browser's clock may be hours or days off, so the 24 h
 * notification window, the catch-up horizon and the cursor compare server times with this
 * estimate, never with `Date.now()`. Every server frame and HTTP answer carries the server's
 * time; a sample that disagrees with the estimate by more than its own uncertainty replaces
 * it (a skewed browser, or a server whose clock stepped), smaller differences are noise.
 */
export function createServerClock(deps: { clock: Pick<Clock, 'now'>; area: LocalArea }) {
  let offset = 0;
  let known = false;
  let saved: number | undefined;

  function observe(serverTime: number, localTime: number, uncertaintyMs: number): void {
    if (!Number.isFinite(serverTime) || serverTime <= 0) return;
    const sample = serverTime - localTime;
    if (known && Math.abs(sample - offset) <= uncertaintyMs) return;
    offset = sample;
    known = true;
    if (saved === undefined || Math.abs(saved - offset) > FRAME_UNCERTAINTY_MS) {
      saved = offset;
      void deps.area.set({ [SERVER_CLOCK_KEY]: offset }).catch(() => undefined);
    }
  }

  return {
    /** The server's time now, as estimated. */
    now: (): number => deps.clock.now() + offset,
    /** This browser's time at which the server's clock shows `serverTime`. */
    toLocal: (serverTime: number): number => serverTime - offset,
    /** The server clock minus this browser's, in ms. */
    offset: (): number => offset,
    /** A server frame's createTime, read now. */
    frame(createTime: number | undefined): void {
      if (createTime !== undefined) observe(createTime, deps.clock.now(), FRAME_UNCERTAINTY_MS);
    },
    /** An HTTP answer's `Date`, read at `localTime`. */
    dateHeader(serverTime: number, localTime: number): void {
      // The header is truncated to the second: the server's time was up to 1 s later.
      observe(serverTime + 500, localTime, DATE_HEADER_UNCERTAINTY_MS);
    },
    /** Reads the estimate a previous worker kept. */
    async load(): Promise<void> {
      const value = (await deps.area.get(SERVER_CLOCK_KEY))[SERVER_CLOCK_KEY];
      if (typeof value === 'number' && Number.isFinite(value) && !known) {
        offset = saved = value;
        known = true;
      }
    },
    /** Another server: its clock is another one. */
    async forget(): Promise<void> {
      offset = 0;
      known = false;
      saved = undefined;
      await deps.area.remove(SERVER_CLOCK_KEY);
    },
  };
}

export type ServerClock = ReturnType<typeof createServerClock>;
