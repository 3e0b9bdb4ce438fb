import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from './clock';
import { createStore } from './db';
import { createDelivery } from './delivery';
import type { Deps, VersionUpdate } from './deps';
import { baseUrlFor } from './http/base-url';
import { createRouter, type Route } from './http/router';
import { mint } from './ids';
import { createRateLimiter } from './rate-limit';
import { detailRoutes } from './routes/detail';
import { deviceRoutes } from './routes/device';
import { deviceMessageRoutes } from './routes/device-messages';
import { funRoutes } from './routes/fun';
import { scanRoutes } from './routes/scan';
import { senderRoutes } from './routes/sender';
import { createSendService } from './send';
import { compareVersions } from './version';
import { createHub } from './ws-hub';

/** Options of {@link createServer}. */
export interface ServerOptions {
  /** SQLite file; created with its schema if missing. `:memory:` works for throwaway servers. */
  dbPath: string;
  /** Default 127.0.0.1: nothing listens on other interfaces unless asked. */
  host?: string;
  /** Default 7700; 0 picks a free port. */
  port?: number;
  /** Every timestamp, expiry and time window reads this clock. Default: the system clock. */
  clock?: Clock;
  /** Per-sender limit of 20 calls in 10 s. Default true. */
  rateLimit?: boolean;
  /** Base URL put in QR codes and links instead of the request's Host (e.g. behind a proxy). */
  publicUrl?: string;
  /** Close WebSockets that sent nothing for this long. Default 40 000 ms. */
  idleTimeoutMs?: number;
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
   * More routes, built from the server's parts once they exist and matched after the built-in
   * ones: the way to add endpoints without editing `server/` (the test server adds its hooks so).
   */
  extraRoutes?: (deps: Deps) => Route[];
  /** Whether a `/ws` upgrade may proceed; a refused one is answered 503. Default: all may. */
  acceptUpgrade?: (req: IncomingMessage) => boolean;
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

const SWEEP_INTERVAL_MS = 3_600_000;

/** Starts a WxPusher-compatible server (HTTP API, WebSocket, SQLite storage). */
export async function createServer(options: ServerOptions): Promise<WxPusherServer> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const store = createStore(options.dbPath);
  const defaults = store.accounts.ensureDefaults(clock.now(), options.callbackUrl);
  store.sweep(clock.now());

  let listenUrl = '';
  const { devices } = store;
  const hub = createHub({
    clock,
    idleTimeoutMs: options.idleTimeoutMs ?? 40_000,
    resolvePushToken(presented) {
      const token = presented && devices.isKnownPushToken(presented) ? presented : mint.pushToken();
      devices.touchPushToken(token, clock.now());
      return token;
    },
    onReady: (pushToken) => delivery.replayForPushToken(pushToken),
    baseUrlOf: (req) => baseUrlFor(req, options.publicUrl, listenUrl),
    // 204 tells an older client that an upgrade exists (docs/protocol.md §3).
    upgradeFor: (clientVersion) =>
      options.versionUpdate && compareVersions(clientVersion, options.versionUpdate.version) < 0
        ? { ...options.versionUpdate }
        : null,
    acceptUpgrade: options.acceptUpgrade,
  });
  const delivery = createDelivery(store, hub, clock, {
    summaryOnly: options.summaryOnlyFrames ?? false,
  });
  const rateLimiter =
    options.rateLimit === false ? null : createRateLimiter(20, 10_000, () => clock.now());
  const deps: Deps = {
    store,
    clock,
    hub,
    delivery,
    send: createSendService(store, clock, delivery, options.dailyLimitPerUid ?? 2000),
    rateLimiter,
    defaults,
    versionUpdate: options.versionUpdate ?? null,
  };
  const routes = [
    ...senderRoutes(deps),
    ...funRoutes(deps),
    ...deviceRoutes(deps),
    ...deviceMessageRoutes(deps),
    ...scanRoutes(deps),
    ...detailRoutes(deps),
    ...(options.extraRoutes?.(deps) ?? []),
  ];
  const http = createHttpServer(
    createRouter(routes, { publicUrl: options.publicUrl, listenUrl: () => listenUrl }),
  );
  http.on('upgrade', (req, socket, head: Buffer) => hub.handleUpgrade(req, socket, head));
  http.on('clientError', (_err, socket) => socket.destroy());

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 7700, host, () => resolve());
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const { port } = http.address() as AddressInfo;
  listenUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const sweeper = setInterval(() => {
    try {
      store.sweep(clock.now());
      rateLimiter?.prune();
    } catch (err) {
      console.error('[server] retention sweep failed:', err);
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closing: Promise<void> | undefined;
  return {
    url: listenUrl,
    wsUrl: `${listenUrl.replace(/^http/, 'ws')}/ws`,
    credentials: {
      appToken: defaults.app.appToken,
      uid: defaults.user.uid,
      spt: defaults.user.spt,
      topicId: defaults.topic.id,
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await hub.close();
        await new Promise<void>((resolve) => {
          http.close(() => resolve());
          http.closeAllConnections();
        });
        store.close();
      })();
      return closing;
    },
  };
}
