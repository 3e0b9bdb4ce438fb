import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorPage } from '../pages';
import { baseUrlFor } from './base-url';
import { parseBody, readBody } from './body';
import { corsHeaders } from './cors';
import { ApiError, Code, envelope, type Reply } from './envelope';

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
}

/** A route. Page routes answer errors with HTML; API routes with an envelope. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `/a/:param/b`, or a trailing `*rest` that swallows the remaining segments. */
  path: string;
  page?: boolean;
  handler: (ctx: Ctx) => Reply | Promise<Reply>;
}

interface Compiled extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const pattern = route.path
    .split('/')
    .map((seg) => {
      if (seg.startsWith(':')) {
        names.push(seg.slice(1));
        return '([^/]+)';
      }
      if (seg.startsWith('*')) {
        names.push(seg.slice(1));
        return '(.+)';
      }
      return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${pattern}$`), names };
}

/** Options of the request dispatcher. */
export interface RouterOptions {
  publicUrl?: string;
  /** The address we listen on, the fallback base URL. */
  listenUrl: () => string;
}

// API space: unknown paths here get a 1004 envelope instead of a 404 page.
const isApiPath = (path: string) => path.startsWith('/api/');

/**
 * Builds the `node:http` request listener: CORS preflights, routing, body parsing, and the rule
 * that no input may crash the server (every throw becomes a 1005 envelope or a 500 page).
 */
export function createRouter(routes: Route[], options: RouterOptions) {
  const compiled = routes.map(compile);

  async function dispatch(req: IncomingMessage, url: URL): Promise<Reply> {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    let route: Compiled | undefined;
    let match: RegExpExecArray | null = null;
    for (const candidate of compiled) {
      if (candidate.method !== method) continue;
      match = candidate.regex.exec(path);
      if (match) {
        route = candidate;
        break;
      }
    }
    if (!route || !match) {
      if (isApiPath(path)) return envelope(Code.NO_ENDPOINT, `no such endpoint: ${method} ${path}`);
      return errorPage(404, 'Not found', 'There is nothing at this address.');
    }
    const isPage = route.page === true;
    try {
      const params: Record<string, string> = {};
      const groups = match;
      route.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(groups[i + 1] ?? '');
        } catch {
          throw new ApiError(Code.DATA_ERROR, `path parameter ${name} is not valid URL encoding`);
        }
      });
      let body: unknown;
      let isForm = false;
      if (method !== 'GET') {
        ({ value: body, isForm } = parseBody(await readBody(req), req.headers['content-type']));
      }
      const baseUrl = baseUrlFor(req, options.publicUrl, options.listenUrl());
      const ctx = { req, method, path, query: url.searchParams, params, body, isForm, baseUrl };
      return await route.handler(ctx);
    } catch (err) {
      if (err instanceof ApiError) {
        return isPage
          ? errorPage(400, 'Request refused', err.message)
          : envelope(err.code, err.message, err.data);
      }
      console.error(`[server] ${method} ${path} failed:`, err);
      return isPage
        ? errorPage(500, 'Server error', 'Something went wrong; the server is still running.')
        : envelope(Code.SERVER_ERROR, 'internal server error (logged on the server)');
    }
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      res.writeHead(400, cors).end();
      return;
    }
    dispatch(req, url)
      .then((reply) => {
        res.writeHead(reply.status, {
          ...cors,
          'X-Content-Type-Options': 'nosniff',
          ...reply.headers,
        });
        res.end(req.method === 'HEAD' ? undefined : reply.body);
      })
      .catch((err: unknown) => {
        // Only reachable if writing the response itself failed (client gone).
        console.error('[server] could not answer:', err);
        res.destroy();
      });
  };
}
