import type { Clock } from '../clock';
import type { Problem } from '../problem';
import type { FrameRejectReason, ServerFrame } from './frames';

/**
 * Handlers are declared method-style (bivariant) so the DOM `WebSocket`, whose handlers take
 * `Event`, `MessageEvent` and `CloseEvent`, is assignable as is.
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The part of the DOM WebSocket the connection uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number; reason: string }> | null;
  onerror: Handler<unknown> | null;
}

export type WebSocketCtor = new (url: string) => WebSocketLike;

/**
 * - idle: nothing to dial (not started, or `url()` gave null).
 * - connecting: `attempt` failures came before this dial (0 on a fresh start).
 * - open: since when (epoch ms).
 * - backoff: `attempt` consecutive failures so far (≥ 1); the next dial is at `retryAt`.
 * - stopped: stop() was called; only start() dials again.
 */
export type ConnectionState =
  | { kind: 'idle' }
  | { kind: 'connecting'; attempt: number }
  | { kind: 'open'; since: number }
  | { kind: 'backoff'; attempt: number; retryAt: number; lastError?: Problem }
  | { kind: 'stopped' };

/**
 * The backoff as it is kept across worker restarts (docs/architecture.md §5): a revived worker
 * goes on with the schedule instead of starting it again at 1 s.
 */
export interface SavedBackoff {
  /** Consecutive failures so far (≥ 1). */
  attempt: number;
  /** When the next dial is due (epoch ms). */
  retryAt: number;
  lastError?: Problem;
}

export interface ConnectionStats {
  /** Sockets that opened. */
  connects: number;
  /** Opened sockets that ended, for any reason (closed, dead, restart, stop). */
  disconnects: number;
  /** Every message received, valid or not. */
  framesReceived: number;
  /** Malformed frames dropped (every reason but 'unknown-msg-type'). */
  framesRejected: number;
  /** Well-formed frames of an unknown msgType, ignored as the protocol says. */
  framesIgnored: number;
  lastConnectedAt: number | null;
  lastFrameAt: number | null;
}

export interface ConnectionDeps {
  /** The full ws(s) URL to dial; null when there is nothing to connect to. Read on every dial. */
  url: () => string | null;
  WebSocket: WebSocketCtor;
  clock: Clock;
  /** `Math.random`-like, for backoff jitter. */
  random: () => number;
  /** Every valid frame, 203 included. */
  onFrame(frame: ServerFrame): void;
  /** Every frame not delivered, with why (an unknown msgType included). */
  onReject(reason: FrameRejectReason, detail?: string): void;
  onStateChange(state: ConnectionState): void;
  /**
   * The backoff to keep across worker restarts: called with it on every entry into backoff, and
   * with null when the failure count starts over (a stable socket, a reconnect, a stop).
   */
  onBackoffChange?(saved: SavedBackoff | null): void;
  /** What a callback threw; the connection itself carries on. */
  onError?(error: unknown): void;
  /** Heartbeat period; default 20 s. */
  heartbeatMs?: number;
  /** Silence after which the socket counts as dead; default 30 s. */
  deadAfterMs?: number;
  /** Time allowed for the socket to open; default 10 s. */
  connectTimeoutMs?: number;
  /** How long a socket must stay open for the backoff to start over; default 10 s. */
  stableAfterMs?: number;
}
