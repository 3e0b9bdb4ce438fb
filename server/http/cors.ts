import type { IncomingMessage } from 'node:http';

/** Headers the official clients send (docs/protocol.md §1) plus Content-Type. */
const ALLOWED_HEADERS = 'platform, version, deviceToken, Content-Type';
const ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

/**
 * CORS headers for every response. The origin is echoed (including `chrome-extension://…`)
 * rather than `*`: the API has no cookies, so echoing grants nothing `*` would not, and it keeps
 * clients that send credentials mode working.
 */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}
