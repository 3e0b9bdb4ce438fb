import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ApiError, Code } from './envelope';
import { isPageRequest, refusal } from './errors';
import type { RequestPolicy } from './request-policy';
import { writeReply } from './router';

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Why this request must not be served, or null. A Host that is not one of our names is DNS
 * rebinding (or a misconfiguration); an `Origin` that is neither an extension nor this server is
 * a web page, which may neither read nor trigger anything here (README, Security).
 */
export function requestProblem(policy: RequestPolicy, req: IncomingMessage): string | null {
  const host = header(req, 'host');
  const hostProblem = policy.hostProblem(host);
  if (hostProblem) return `refused: ${hostProblem}`;
  const origin = header(req, 'origin');
  if (policy.originKind(origin, host) === 'web') {
    return (
      `refused: this server does not serve web pages (Origin ${String(origin).slice(0, 100)}); ` +
      'send from a program (no Origin) or use the extension'
    );
  }
  return null;
}

/** Refuses such requests before routing, CORS or body parsing, with HTTP 403. */
export function registerGuard(app: FastifyInstance, policy: RequestPolicy): void {
  app.addHook('onRequest', (request, reply, done) => {
    const problem = requestProblem(policy, request.raw);
    if (!problem) return done();
    // An envelope body for programs (HTTP 403: this is no API answer), a page for browsers.
    const answer = refusal(isPageRequest(request), new ApiError(Code.FAILED, problem, null, 403));
    void writeReply(reply.code(403), { ...answer, status: 403 });
  });
}
