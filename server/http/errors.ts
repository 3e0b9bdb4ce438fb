import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorPage } from '../pages';
import { MAX_BODY_BYTES } from './body';
import { ApiError, Code, envelope, type Reply } from './envelope';
import { writeReply, type RouteConfig } from './router';

// API space: unknown paths here get a 1004 envelope instead of a 404 page.
export const isApiPath = (url: string) => url.startsWith('/api/');

const pathOf = (request: FastifyRequest) => {
  const path = request.url.split('?')[0] ?? '/';
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
};

/** Page routes answer errors with HTML; everything else in the API space with an envelope. */
export function isPageRequest(request: FastifyRequest): boolean {
  const config = request.routeOptions?.config as Partial<RouteConfig> | undefined;
  if (config?.page !== undefined) return config.page;
  return !isApiPath(pathOf(request));
}

/** The answer to an ApiError: an envelope over HTTP 200, or an HTML page on page routes. */
export function refusal(page: boolean, err: ApiError): Reply {
  if (!page) return envelope(err.code, err.message, err.data);
  const title = err.pageStatus === 429 ? 'Too many requests' : 'Request refused';
  return errorPage(err.pageStatus, title, err.message);
}

/** Fastify's own client errors (bad length, body too large…) as ApiErrors; others null. */
function clientError(err: FastifyError): ApiError | null {
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ApiError(
      Code.DATA_ERROR,
      `request body too large (max ${MAX_BODY_BYTES} bytes)`,
      null,
      413,
    );
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new ApiError(Code.DATA_ERROR, `bad request: ${err.message}`, null, status);
  }
  return null;
}

/**
 * Errors raised by the router before a route is known (bad URL encoding, over-long parameters).
 * `pagePrefixes` are the static starts of the GET page routes, which answer with HTML.
 */
export function frameworkErrorHandler(pagePrefixes: string[]) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request);
    const get = request.method === 'GET' || request.method === 'HEAD';
    const page = get && pagePrefixes.some((prefix) => path.startsWith(prefix));
    const apiErr = new ApiError(
      Code.DATA_ERROR,
      err.code === 'FST_ERR_BAD_URL'
        ? 'the address is not valid URL encoding'
        : `bad request: ${err.message}`,
    );
    return writeReply(reply, refusal(page, apiErr));
  };
}

/**
 * No input may crash the server (docs/protocol.md §1): an ApiError becomes its envelope (or an
 * HTML page), Fastify's client errors a 1008, anything else a logged 1005 or a 500 page. Unknown
 * addresses in `/api/` are 1004, elsewhere a 404 page.
 */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ApiError, request, reply) => {
    const page = isPageRequest(request);
    if (err instanceof ApiError) return writeReply(reply, refusal(page, err));
    const known = clientError(err);
    if (known) return writeReply(reply, refusal(page, known));
    console.error(`[server] ${request.method} ${pathOf(request)} failed:`, err);
    return writeReply(
      reply,
      page
        ? errorPage(500, 'Server error', 'Something went wrong; the server is still running.')
        : envelope(Code.SERVER_ERROR, 'internal server error (logged on the server)'),
    );
  });
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request);
    if (isApiPath(path)) {
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      return writeReply(reply, envelope(Code.NO_ENDPOINT, `no such endpoint: ${method} ${path}`));
    }
    return writeReply(reply, errorPage(404, 'Not found', 'There is nothing at this address.'));
  });
}
