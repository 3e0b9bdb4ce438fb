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
 * True for names that can only mean this computer: `localhost`, `*.localhost`, 127.0.0.0/8 and
 * `[::1]`. Plain http is safe only to these: elsewhere anyone on the path reads the device
 * token and every message.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Thrown for a plain-http address of another computer (the options page names the rule). */
export class InsecureServerError extends Error {
  constructor(raw: string) {
    super(
      `The server address must use https:// unless it is this computer (got "${raw}"); ` +
        'http:// is allowed only for localhost, 127.0.0.1 and [::1]',
    );
    this.name = 'InsecureServerError';
  }
}

/**
 * Validates and normalises a server base URL. Throws a readable error for anything that is
 * not an absolute http(s) URL without credentials, query or fragment, and for http:// to
 * anything but this computer.
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
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InsecureServerError(raw);
  }
  const path = url.pathname.replace(/\/+$/, '');
  const baseUrl = `${url.protocol}//${url.host}${path}`;
  const wsUrl = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${path}`;
  // Chrome match patterns carry no port; a pattern for the host covers every port.
  const hostPermission = `${url.protocol}//${url.hostname}/*`;
  return { baseUrl, wsUrl, hostPermission };
}
