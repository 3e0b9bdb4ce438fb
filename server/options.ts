import type { IncomingMessage } from 'node:http';
import type { Clock } from './clock';
import type { Deps, VersionUpdate } from './deps';
import type { Fields } from './http/validate';
import type { AddressLimit, LimitConfig, Route } from './http/router';

/** Options of `createServer`. */
export interface ServerOptions {
  /** SQLite file; created with its schema if missing. `:memory:` works for throwaway servers. */
  dbPath: string;
  /** Default 127.0.0.1: nothing listens on other interfaces unless asked. */
  host?: string;
  /** Default 7700; 0 picks a free port. */
  port?: number;
  /** Every timestamp, expiry and time window reads this clock. Default: the system clock. */
  clock?: Clock;
  /**
   * The sender limit of 20 calls in 10 s per app or SPT, and the per-address limits of page
   * routes and login-code creation. Default true.
   */
  rateLimit?: boolean;
  /** Replaces some per-address limits (docs/protocol.md §7); ignored when `rateLimit` is false. */
  addressLimits?: Partial<Record<AddressLimit, LimitConfig>>;
  /** Base URL put in QR codes and links instead of the request's Host (e.g. behind a proxy). */
  publicUrl?: string;
  /** Close WebSockets that sent nothing for this long. Default 40 000 ms. */
  idleTimeoutMs?: number;
  /** A request's headers and body must arrive within this. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Open connections (HTTP and WebSocket) at most. Default 4096. */
  maxConnections?: number;
  /** Longest a markdown or HTML body may take to render before it is kept as plain text. */
  renderBudgetMs?: number;
  /** Sets the default app's callback URL (`app_subscribe`); '' clears it. */
  callbackUrl?: string;
  /** Messages one uid may receive per day. Default 2000 (docs/protocol.md §6). */
  dailyLimitPerUid?: number;
  /** When set, `version-update` answers 1007 with this offer. */
  versionUpdate?: VersionUpdate;
  /**
   * Push 20001 frames without `content`, as the real service may (docs/protocol.md §7); the
   * detail page and list-v2 still have it. Default false.
   */
  summaryOnlyFrames?: boolean;
  /**
   * More routes, built from the server's parts once they exist and registered with the
   * built-in ones: the way to add endpoints without editing `server/` (the test server adds its
   * hooks so).
   */
  extraRoutes?: (deps: Deps) => Route[];
  /** Whether a `/ws` upgrade may proceed; a refused one is answered 503. Default: all may. */
  acceptUpgrade?: (req: IncomingMessage) => boolean;
  /**
   * Whether a logged-in device call (`/api/need-login/…`: the message list, marks, device
   * info) may proceed; a refused one is answered HTTP 503, which a client retries later.
   * Default: all may.
   */
  acceptDeviceCall?: (req: IncomingMessage) => boolean;
  /**
   * Who confirms a code on the confirm page, from a JSON confirm's fields: the stand-in for
   * the WeChat account that scans it. Default: the default user, and a `uid` field is refused.
   */
  confirmingUid?: (fields: Fields) => string | undefined;
}

/** Identifiers of the default app, user and topic, stable across restarts. */
export interface Credentials {
  appToken: string;
  uid: string;
  spt: string;
  topicId: number;
}

/** A running server. */
export interface WxPusherServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /** `ws://host:port/ws`. */
  wsUrl: string;
  credentials: Credentials;
  /** Closes sockets, the HTTP server and the database. Safe to call twice. */
  close(): Promise<void>;
}
