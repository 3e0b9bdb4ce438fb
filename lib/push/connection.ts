import type { Problem } from '../problem';
import { BACKOFF_JITTER, BACKOFF_SCHEDULE_S, backoffDelay } from './backoff';
import { heartbeatFrame, parseFrame, type ServerFrame } from './frames';
import type {
  ConnectionDeps,
  ConnectionState,
  ConnectionStats,
  SavedBackoff,
  WebSocketLike,
} from './connection-types';

export type * from './connection-types';

/** `WebSocket.OPEN` in the DOM and in `ws`. */
const OPEN = 1;

/**
 * Defaults. Chrome keeps an MV3 worker alive while WebSocket messages flow at least every
 * 30 s (Chrome 116+), and its guide sends one every 20 s; the server drops sockets idle for
 * about 30 s and answers each heartbeat, so 30 s without any frame means a dead socket
 * (docs/protocol.md §3).
 */
export const CONNECTION_DEFAULTS = {
  heartbeatMs: 20_000,
  deadAfterMs: 30_000,
  connectTimeoutMs: 10_000,
  stableAfterMs: 10_000,
} as const;

type TimerName = 'connect' | 'heartbeat' | 'dead' | 'stable' | 'retry';

/** The longest wait a saved backoff may still ask for; more means the clock moved back. */
const MAX_SAVED_WAIT_MS =
  BACKOFF_SCHEDULE_S[BACKOFF_SCHEDULE_S.length - 1]! * 1000 * (1 + BACKOFF_JITTER);

/**
 * The WebSocket connection as a small state machine (docs/architecture.md §5):
 * idle → connecting → open → backoff → connecting … ; stop() → stopped.
 *
 * - At most one socket exists; each handler checks it still belongs to the current socket,
 *   so a socket replaced by restart() or given up on cannot change anything.
 * - The failure count behind the backoff resets only when a socket stayed open for
 *   `stableAfterMs`, or on reconnectNow()/restart(). Not on open or on the first frame: the
 *   server sends 202 (and maybe 203) on every connection before closing, so a server that
 *   accepts and closes at once would otherwise be redialled every second. It is reported
 *   through `onBackoffChange`, so a restarted worker resumes it with start(saved).
 * - Callbacks may throw or call back into the connection; the state is settled before each
 *   callback and their errors go to `onError`.
 */
export function createConnection(deps: ConnectionDeps) {
  const { clock } = deps;
  const heartbeatMs = deps.heartbeatMs ?? CONNECTION_DEFAULTS.heartbeatMs;
  const deadAfterMs = deps.deadAfterMs ?? CONNECTION_DEFAULTS.deadAfterMs;
  const connectTimeoutMs = deps.connectTimeoutMs ?? CONNECTION_DEFAULTS.connectTimeoutMs;
  const stableAfterMs = deps.stableAfterMs ?? CONNECTION_DEFAULTS.stableAfterMs;

  let state: ConnectionState = { kind: 'idle' };
  let socket: WebSocketLike | null = null;
  /** Consecutive failed dials (or short-lived connections) since the last reset. */
  let failures = 0;
  /** When the current socket opened; null while it is still connecting. */
  let openedAt: number | null = null;
  let lastActivityAt = 0;
  /** The message of a 203 on the current socket: the reason shown for the coming close. */
  let serverError: Problem | undefined;
  const timers: Record<TimerName, unknown> = {
    connect: null,
    heartbeat: null,
    dead: null,
    stable: null,
    retry: null,
  };
  const stats: ConnectionStats = {
    connects: 0,
    disconnects: 0,
    framesReceived: 0,
    framesRejected: 0,
    framesIgnored: 0,
    lastConnectedAt: null,
    lastFrameAt: null,
  };

  function report(error: unknown) {
    try {
      deps.onError?.(error);
    } catch {
      // Nowhere left to report to.
    }
  }

  function call(fn: () => void) {
    try {
      fn();
    } catch (error) {
      report(error);
    }
  }

  function setState(next: ConnectionState) {
    const repeat = next.kind === state.kind && (next.kind === 'idle' || next.kind === 'stopped');
    state = next;
    if (!repeat) call(() => deps.onStateChange(next));
  }

  function setTimer(name: TimerName, ms: number, fn: () => void) {
    clearTimer(name);
    timers[name] = clock.setTimeout(() => {
      timers[name] = null;
      fn();
    }, ms);
  }

  function clearTimer(name: TimerName) {
    if (timers[name] === null) return;
    clock.clearTimeout(timers[name]);
    timers[name] = null;
  }

  /** Closes and forgets the current socket; nothing it does later is heard. */
  function retire() {
    const old = socket;
    socket = null;
    clearTimer('connect');
    clearTimer('heartbeat');
    clearTimer('dead');
    clearTimer('stable');
    serverError = undefined;
    if (!old) return;
    if (openedAt !== null) stats.disconnects++;
    openedAt = null;
    old.onopen = old.onmessage = old.onclose = old.onerror = null;
    call(() => old.close(1000));
  }

  /** The failure count starts over (and the saved backoff is forgotten). */
  function resetFailures() {
    if (failures === 0) return;
    failures = 0;
    call(() => deps.onBackoffChange?.(null));
  }

  function waitUntil(retryAt: number, lastError: Problem | undefined) {
    setTimer('retry', Math.max(0, retryAt - clock.now()), dial);
    setState({ kind: 'backoff', attempt: failures, retryAt, lastError });
  }

  function enterBackoff(lastError: Problem) {
    const retryAt = clock.now() + backoffDelay(failures, deps.random);
    failures++;
    call(() => deps.onBackoffChange?.({ attempt: failures, retryAt, lastError }));
    waitUntil(retryAt, lastError);
  }

  /** The current socket failed (closed, errored, timed out or went silent). */
  function fail(ws: WebSocketLike, reason: Problem) {
    if (ws !== socket) return;
    const lastError = serverError ?? reason;
    retire();
    enterBackoff(lastError);
  }

  function dial() {
    clearTimer('retry');
    retire();
    let ws: WebSocketLike;
    try {
      const url = deps.url();
      if (url === null) return setState({ kind: 'idle' });
      ws = new deps.WebSocket(url);
    } catch (error) {
      // A malformed URL throws in the constructor; retrying on the schedule is harmless.
      report(error);
      const detail = error instanceof Error ? error.message : String(error);
      return enterBackoff({ key: 'errBadAddress', params: [detail] });
    }
    socket = ws;
    ws.onopen = () => handleOpen(ws);
    ws.onmessage = (event) => handleMessage(ws, event?.data);
    ws.onclose = (event) =>
      fail(ws, { key: 'errConnectionClosed', params: [String(event?.code ?? 1005)] });
    ws.onerror = () => fail(ws, { key: 'errConnectionFailed' });
    setTimer('connect', connectTimeoutMs, () =>
      fail(ws, { key: 'errConnectTimeout', params: [String(Math.round(connectTimeoutMs / 1000))] }),
    );
    setState({ kind: 'connecting', attempt: failures });
  }

  function handleOpen(ws: WebSocketLike) {
    if (ws !== socket) return;
    clearTimer('connect');
    const now = clock.now();
    openedAt = now;
    lastActivityAt = now;
    stats.connects++;
    stats.lastConnectedAt = now;
    scheduleHeartbeat(ws);
    setTimer('dead', deadAfterMs, () => checkAlive(ws));
    setTimer('stable', stableAfterMs, resetFailures);
    setState({ kind: 'open', since: now });
  }

  function scheduleHeartbeat(ws: WebSocketLike) {
    setTimer('heartbeat', heartbeatMs, () => {
      if (ws !== socket) return;
      send(heartbeatFrame(clock.now()));
      if (ws === socket) scheduleHeartbeat(ws);
    });
  }

  /** One timer for the read deadline, re-armed from the last frame instead of per frame. */
  function checkAlive(ws: WebSocketLike) {
    const silentFor = clock.now() - lastActivityAt;
    if (silentFor >= deadAfterMs) {
      fail(ws, { key: 'errSilent', params: [String(Math.round(deadAfterMs / 1000))] });
    } else setTimer('dead', deadAfterMs - silentFor, () => checkAlive(ws));
  }

  function handleMessage(ws: WebSocketLike, data: unknown) {
    if (ws !== socket) return;
    const now = clock.now();
    lastActivityAt = now; // any frame, even one we drop, shows the socket is alive
    stats.framesReceived++;
    stats.lastFrameAt = now;
    const result = parseFrame(data);
    if (!result.ok) {
      // Unknown types are future protocol, ignored by design (docs/protocol.md §3), not errors.
      if (result.reason === 'unknown-msg-type') stats.framesIgnored++;
      else stats.framesRejected++;
      call(() => deps.onReject(result.reason, result.detail));
      return;
    }
    const frame: ServerFrame = result.frame;
    if (frame.msgType === 203) {
      serverError = frame.msg ? { server: frame.msg } : { key: 'errServerClosed' };
    }
    call(() => deps.onFrame(frame));
  }

  /** Sends text on the open socket; false when there is none or the send failed. */
  function send(text: string): boolean {
    if (!socket || state.kind !== 'open' || socket.readyState !== OPEN) return false;
    try {
      socket.send(text);
      return true;
    } catch (error) {
      report(error); // the read deadline notices a socket that really is gone
      return false;
    }
  }

  return {
    getState: (): ConnectionState => state,
    getStats: (): ConnectionStats => ({ ...stats }),
    send,
    /**
     * Dials unless a socket exists or a retry is already scheduled. With a backoff saved by an
     * earlier worker, goes on with it: waits for its retry time (dials at once when that has
     * passed) and counts failures from its attempt, so an outage keeps its long steps.
     */
    start(saved?: SavedBackoff | null) {
      if (socket || state.kind === 'backoff') return;
      if (!saved || saved.attempt < 1) {
        resetFailures();
        return dial();
      }
      failures = saved.attempt;
      const now = clock.now();
      if (saved.retryAt <= now) return dial();
      waitUntil(Math.min(saved.retryAt, now + MAX_SAVED_WAIT_MS), saved.lastError);
    },
    /** Closes the socket and cancels every timer; only start() dials again. */
    stop() {
      clearTimer('retry');
      retire();
      resetFailures();
      setState({ kind: 'stopped' });
    },
    /**
     * Dials now with a fresh backoff when waiting (backoff) or idle; an open or connecting
     * socket is kept. For the network coming back, browser start, login and the user's "reconnect
     * now". `reason` is for logs.
     */
    reconnectNow(_reason?: string) {
      if (state.kind !== 'backoff' && state.kind !== 'idle') return;
      resetFailures();
      dial();
    },
    /** Drops the current socket and dials again at once (server or pushToken changed). */
    restart() {
      if (state.kind === 'stopped') return;
      resetFailures();
      dial();
    },
  };
}

export type Connection = ReturnType<typeof createConnection>;
