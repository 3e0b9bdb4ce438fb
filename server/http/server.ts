import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES, registerBodyParsers } from './body';
import { registerCors } from './cors';
import { ApiError, Code } from './envelope';
import { frameworkErrorHandler, isPageRequest, registerErrorHandlers } from './errors';
import { registerGuard } from './guard';
import type { RequestPolicy } from './request-policy';
import { registerRoutes, type AddressLimit, type LimitConfig, type Route } from './router';

/** Limits of the HTTP layer (docs/protocol.md §7, HTTP details). */
export interface HttpLimits {
  /** Per-address limits of page routes and login-code creation; null: off. */
  addressLimits: Record<AddressLimit, LimitConfig> | null;
  /** A request (headers and body) must arrive within this; the socket is closed otherwise. */
  requestTimeoutMs: number;
  /** Open connections (HTTP and WebSocket) at most; more are closed at once. */
  maxConnections: number;
}

/** The defaults: generous for a local server, short enough that nobody can hold it. */
export const DEFAULT_LIMITS: HttpLimits = {
  addressLimits: {
    // Detail pages, confirm pages and QR images: a person clicks, the popup loads one image.
    page: { max: 120, windowMs: 60_000 },
    // A popup asks for one when opened; a page minting codes in a loop is stopped here.
    'login-code': { max: 30, windowMs: 60_000 },
  },
  requestTimeoutMs: 30_000,
  // Far above one user's browsers, and room for the fan-out benchmark's 2 000 devices; it
  // bounds file descriptors, not who may connect (a web page is refused per request).
  maxConnections: 4096,
};

/** What the HTTP layer needs from the server. */
export interface HttpOptions {
  routes: Route[];
  policy: RequestPolicy;
  publicUrl?: string;
  listenUrl: () => string;
  limits: HttpLimits;
}

/**
 * The HTTP layer on Fastify: request guard (Host, Origin), CORS for extensions, body parsing
 * and limits, per-address rate limits, timeouts, a connection cap, and the error rules.
 */
export async function buildHttp(options: HttpOptions): Promise<FastifyInstance> {
  const { limits } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    // A trickled body or header cannot hold a socket: Node closes it at these deadlines,
    // checked every second rather than every 30 s.
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: 10_000,
    http: {
      headersTimeout: Math.min(10_000, limits.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(1000, limits.requestTimeoutMs),
    },
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
    frameworkErrors: frameworkErrorHandler(
      options.routes
        .filter((route) => route.page && route.method === 'GET')
        .map((route) => route.path.replace(/[:*].*$/, '')),
    ),
    forceCloseConnections: true,
  });
  app.server.maxConnections = limits.maxConnections;
  app.server.on('clientError', (_err, socket) => socket.destroy());

  registerErrorHandlers(app);
  registerGuard(app, options.policy);
  await registerCors(app);
  await registerBodyParsers(app);
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (request, context) =>
      new ApiError(
        Code.FAILED,
        `too many ${isPageRequest(request) ? 'requests' : 'login codes'} from this address ` +
          `(at most ${context.max} in ${context.after}); try again in ` +
          `${Math.ceil(context.ttl / 1000)} s`,
        null,
        429,
      ),
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    done(null, payload);
  });
  registerRoutes(app, options.routes, {
    publicUrl: options.publicUrl,
    listenUrl: options.listenUrl,
    limits: limits.addressLimits,
    originOf: (request) => options.policy.originKind(request.headers.origin, request.headers.host),
  });
  return app;
}
