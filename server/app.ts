import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { systemClock } from './clock';
import { createStore } from './db';
import { createDelivery } from './delivery';
import type { Deps } from './deps';
import { createFormTokens } from './form-tokens';
import { baseUrlFor } from './http/base-url';
import type { Reply } from './http/envelope';
import { requestProblem } from './http/guard';
import { createRequestPolicy } from './http/request-policy';
import type { Route } from './http/router';
import { DEFAULT_LIMITS, buildHttp } from './http/server';
import { mint } from './ids';
import type { ServerOptions, WxPusherServer } from './options';
import { createPendingTokens } from './pending-tokens';
import { createRateLimiter } from './rate-limit';
import { createRenderer } from './renderer';
import { detailRoutes } from './routes/detail';
import { deviceRoutes } from './routes/device';
import { deviceMessageRoutes } from './routes/device-messages';
import { funRoutes } from './routes/fun';
import { scanRoutes } from './routes/scan';
import { senderRoutes } from './routes/sender';
import { createSendService } from './send';
import { compareVersions } from './version';
import { createHub } from './ws-hub';

export type { Credentials, ServerOptions, WxPusherServer } from './options';

const SWEEP_INTERVAL_MS = 3_600_000;

/** A refused `/ws` upgrade: the reason in plain text, then the socket closed. */
function refuseUpgrade(socket: Duplex, reason: string) {
  const body = Buffer.from(reason);
  socket.end(
    `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${body.length}\r\n\r\n${reason}`,
  );
}

/** The routes, with each logged-in device call first asking `accept` (ServerOptions). */
function gateDeviceCalls(routes: Route[], accept?: (req: IncomingMessage) => boolean): Route[] {
  if (!accept) return routes;
  const refused: Reply = {
    status: 503,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: 'device calls are refused for now',
  };
  return routes.map((route) =>
    route.path.startsWith('/api/need-login/')
      ? { ...route, handler: (ctx) => (accept(ctx.req) ? route.handler(ctx) : refused) }
      : route,
  );
}

/** Starts a WxPusher-compatible server (HTTP API, WebSocket, SQLite storage). */
export async function createServer(options: ServerOptions): Promise<WxPusherServer> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? systemClock;
  const policy = createRequestPolicy({ host, publicUrl: options.publicUrl });
  const store = createStore(options.dbPath);
  const defaults = store.accounts.ensureDefaults(clock.now(), options.callbackUrl);
  store.sweep(clock.now());

  let listenUrl = '';
  const { devices } = store;
  const pendingTokens = createPendingTokens({ clock });
  const hub = createHub({
    clock,
    idleTimeoutMs: options.idleTimeoutMs ?? 40_000,
    // A token is written to the database only when a device binds it (routes/device.ts);
    // until then it lives in memory, so anonymous sockets leave no rows.
    resolvePushToken(presented) {
      if (presented && devices.isKnownPushToken(presented)) {
        devices.touchPushToken(presented, clock.now());
        return presented;
      }
      const token = presented && pendingTokens.has(presented) ? presented : mint.pushToken();
      pendingTokens.touch(token);
      return token;
    },
    onReady: (pushToken) => delivery.replayForPushToken(pushToken),
    onClose: (pushToken) => {
      if (pendingTokens.has(pushToken)) pendingTokens.touch(pushToken);
    },
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
  const limitsOn = options.rateLimit !== false;
  const rateLimiter = limitsOn ? createRateLimiter(20, 10_000, () => clock.now()) : null;
  const renderer = createRenderer({ budgetMs: options.renderBudgetMs });
  const deps: Deps = {
    store,
    clock,
    hub,
    delivery,
    send: createSendService(store, clock, delivery, options.dailyLimitPerUid ?? 2000),
    rateLimiter,
    defaults,
    versionUpdate: options.versionUpdate ?? null,
    renderer,
    pendingTokens,
    formTokens: createFormTokens(clock),
    confirmingUid: options.confirmingUid,
  };
  const routes = gateDeviceCalls(
    [
      ...senderRoutes(deps),
      ...funRoutes(deps),
      ...deviceRoutes(deps),
      ...deviceMessageRoutes(deps),
      ...scanRoutes(deps),
      ...detailRoutes(deps),
      ...(options.extraRoutes?.(deps) ?? []),
    ],
    options.acceptDeviceCall,
  );
  const http = await buildHttp({
    routes,
    policy,
    publicUrl: options.publicUrl,
    listenUrl: () => listenUrl,
    limits: {
      addressLimits: limitsOn
        ? { ...DEFAULT_LIMITS.addressLimits!, ...options.addressLimits }
        : null,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_LIMITS.requestTimeoutMs,
      maxConnections: options.maxConnections ?? DEFAULT_LIMITS.maxConnections,
    },
  });
  http.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The same Host and Origin rules as HTTP: a web page may not open a socket (README, Security).
    const problem = requestProblem(policy, req);
    if (problem) refuseUpgrade(socket, problem);
    else hub.handleUpgrade(req, socket, head);
  });

  try {
    await http.listen({ port: options.port ?? 7700, host });
  } catch (err) {
    renderer.close();
    store.close();
    throw err;
  }
  // Start the render worker now, off the critical path, so the first markdown send does not
  // wait for it to boot.
  setImmediate(() => renderer.warm());
  const { port } = http.server.address() as AddressInfo;
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
        renderer.close();
        await hub.close();
        await http.close();
        store.close();
      })();
      return closing;
    },
  };
}
