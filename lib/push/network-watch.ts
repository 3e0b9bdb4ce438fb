import type { Clock } from '../clock';

/** How often an unreachable server is looked at again while the connection waits. */
export const NETWORK_WATCH_INTERVAL_MS = 2_000;
/** A probe that has not answered by then counts as unreachable (a black-holed path). */
export const PROBE_TIMEOUT_MS = 5_000;

export interface NetworkWatchDeps {
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** `navigator.onLine`: false means no network at all, so there is nothing to probe. */
  onLine: () => boolean;
  /** One cheap request to the server: true on any HTTP answer, false when it cannot be reached. */
  probe: () => Promise<boolean>;
  /**
   * Called on each round while the network is down. An extension API call here keeps Chrome
   * from stopping the worker in the meantime, as the open socket's heartbeat does while
   * connected (docs/architecture.md §5); a stopped worker would only look again at the next
   * watchdog alarm.
   */
  keepAlive?: () => void;
  /** The server can be reached again after it could not: dial now. */
  onRestored: () => void;
  intervalMs?: number;
}

/**
 * Notices the network coming back while the connection waits out its backoff
 * (docs/architecture.md §5). Chrome fires no `online` event in an extension's service worker
 * (test/reliability/network-events.spec.ts), so after a failed dial this asks whether the
 * server can be reached at all. When it can, the server itself refused, and the backoff runs
 * its course. When it cannot, the network is down: it looks again every couple of seconds
 * (`navigator.onLine` first, which costs nothing, then a probe) and calls `onRestored` as soon
 * as the server answers, instead of leaving the next dial to a backoff step of up to 120 s.
 */
export function createNetworkWatch(deps: NetworkWatchDeps) {
  const intervalMs = deps.intervalMs ?? NETWORK_WATCH_INTERVAL_MS;
  /** Bumped by stop(): a round of an earlier watch finds itself outdated and ends. */
  let generation = 0;
  let active = false;
  let down = false;
  let timer: unknown = null;

  function schedule(run: number) {
    timer = deps.clock.setTimeout(() => {
      timer = null;
      void round(run);
    }, intervalMs);
  }

  async function round(run: number): Promise<void> {
    if (run !== generation) return;
    const reachable = deps.onLine() && (await deps.probe().catch(() => false));
    if (run !== generation) return;
    if (reachable) {
      const restored = down;
      stop();
      if (restored) deps.onRestored();
      return;
    }
    down = true;
    deps.keepAlive?.();
    schedule(run);
  }

  function stop() {
    generation++;
    active = false;
    down = false;
    if (timer !== null) deps.clock.clearTimeout(timer);
    timer = null;
  }

  return {
    /** A dial failed: find out whether the network is down, and if so watch until it is back. */
    check(): void {
      if (active) return;
      active = true;
      void round(generation);
    },
    /** The connection opened or was stopped: nothing to watch. */
    stop,
    /** True while the last look found the server unreachable. */
    isDown: (): boolean => down,
  };
}

export type NetworkWatch = ReturnType<typeof createNetworkWatch>;

/**
 * The probe: a HEAD request for the server's base address. Any HTTP answer (a 404 or a
 * redirect too) shows the path to the server works; a thrown fetch or a timeout shows it does
 * not. No cookies, no cache, redirects not followed: one round trip.
 */
export async function probeServer(
  fetchFn: typeof fetch,
  baseUrl: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<boolean> {
  try {
    await fetchFn(`${baseUrl}/`, {
      method: 'HEAD',
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}
