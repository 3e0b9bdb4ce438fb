import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { baseUrlFor } from './base-url';
import { isFormBody } from './body';
import type { Reply } from './envelope';
import type { OriginKind } from './request-policy';

/** What a handler gets to see of a request. */
export interface Ctx {
  req: IncomingMessage;
  method: string;
  path: string;
  query: URLSearchParams;
  /** `:name` and `*name` path parameters, URL-decoded. */
  params: Record<string, string>;
  /** Parsed JSON or form body; undefined when there was none. */
  body: unknown;
  isForm: boolean;
  /** How this client reaches us (see base-url.ts). */
  baseUrl: string;
  /** Who sent the request, by its `Origin` header (request-policy.ts). */
  origin: OriginKind;
}

/** Per-client-address limits a route can ask for (the sender limits are separate). */
export type AddressLimit = 'page' | 'login-code';

/** A route. Page routes answer errors with HTML; API routes with an envelope. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/a/:param/b`, or a trailing `*rest` that swallows the remaining segments. */
  path: string;
  page?: boolean;
  /** A limit by client address; page routes get 'page' unless they name another. */
  limit?: AddressLimit;
  handler: (ctx: Ctx) => Reply | Promise<Reply>;
}

/** A limit: at most `max` requests per `windowMs` from one client address. */
export interface LimitConfig {
  max: number;
  windowMs: number;
}

/** Route config kept on each Fastify route, read by the error handler and hooks. */
export interface RouteConfig {
  page: boolean;
}

/** What registering routes needs besides the routes. */
export interface RouteOptions {
  publicUrl?: string;
  /** The address we listen on, the fallback base URL. */
  listenUrl: () => string;
  /** The limits by name; null turns address limits off. */
  limits: Record<AddressLimit, LimitConfig> | null;
  /** The request's origin kind, as the request guard found it. */
  originOf: (request: FastifyRequest) => OriginKind;
}

/** `/a/:b/*rest` → find-my-way's `/a/:b/*`, and the name the wildcard stands for. */
function translate(path: string): { url: string; rest?: string } {
  const star = /\/\*([A-Za-z]\w*)$/.exec(path);
  return star ? { url: `${path.slice(0, star.index)}/*`, rest: star[1] } : { url: path };
}

/** Writes a handler's `Reply` (status, headers, body) to Fastify's reply. */
export function writeReply(reply: FastifyReply, result: Reply): FastifyReply {
  return reply.code(result.status).headers(result.headers).send(result.body);
}

/** Adds the routes to Fastify; each handler gets a `Ctx` and returns a `Reply`. */
export function registerRoutes(app: FastifyInstance, routes: Route[], options: RouteOptions) {
  for (const route of routes) {
    const { url, rest } = translate(route.path);
    const limitName = route.limit ?? (route.page ? 'page' : undefined);
    const limit = limitName && options.limits ? options.limits[limitName] : undefined;
    const config: RouteConfig & { rateLimit?: { max: number; timeWindow: number } } = {
      page: route.page === true,
      ...(limit ? { rateLimit: { max: limit.max, timeWindow: limit.windowMs } } : {}),
    };
    app.route({
      method: route.method,
      url,
      config,
      handler: async (request, reply) => {
        const params = { ...(request.params as Record<string, string>) };
        if (rest) {
          params[rest] = params['*'] ?? '';
          delete params['*'];
        }
        const parsed = new URL(request.url, 'http://localhost');
        const ctx: Ctx = {
          req: request.raw,
          method: route.method,
          path: parsed.pathname.length > 1 ? parsed.pathname.replace(/\/+$/, '') : '/',
          query: parsed.searchParams,
          params,
          body: request.body,
          isForm: isFormBody(request.body),
          baseUrl: baseUrlFor(request.raw, options.publicUrl, options.listenUrl()),
          origin: options.originOf(request),
        };
        return writeReply(reply, await route.handler(ctx));
      },
    });
  }
}
