/** The real WxPusher service, the default when nothing else is configured. */
export const OFFICIAL_SERVER = 'https://wxpusher.zjiecode.com';

/** A server base URL and the addresses derived from it. */
export interface ServerAddress {
  /** `http(s)://host[:port]`, no trailing slash. */
  baseUrl: string;
  /** `ws(s)://host[:port]`: http→ws, https→wss (docs/protocol.md §1). */
  wsUrl: string;
  /** A match pattern granting the extension access to this server. */
  hostPermission: string;
}

/**
 * Validates and normalises a server base URL. Throws a readable error for anything that is
 * not an absolute http(s) URL without credentials, query or fragment.
 */
export function resolveServer(input: string | undefined | null): ServerAddress {
  const raw = (input ?? '').trim() || OFFICIAL_SERVER;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Not a valid server address: "${raw}" (expected e.g. https://example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`The server address must start with http:// or https:// (got "${raw}")`);
  }
  if (url.username || url.password) {
    throw new Error('The server address must not contain a user name or password');
  }
  if (url.search || url.hash) {
    throw new Error('The server address must not contain a query or fragment');
  }
  const path = url.pathname.replace(/\/+$/, '');
  const baseUrl = `${url.protocol}//${url.host}${path}`;
  const wsUrl = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${path}`;
  // Chrome match patterns carry no port; a pattern for the host covers every port.
  const hostPermission = `${url.protocol}//${url.hostname}/*`;
  return { baseUrl, wsUrl, hostPermission };
}
