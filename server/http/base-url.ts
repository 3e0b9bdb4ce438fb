import type { IncomingMessage } from 'node:http';

// A Host header is attacker-controlled text that ends up in links and QR codes: accept only
// host names, IPv4 and bracketed IPv6 with an optional port.
const SAFE_HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The base URL clients reached us at: the configured public URL, else `http://{Host}`, else the
 * listening address. Used for QR payloads, detail-page links and `url` in pushed frames.
 */
export function baseUrlFor(
  req: IncomingMessage,
  publicUrl: string | undefined,
  listenUrl: string,
): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = req.headers.host;
  return host && SAFE_HOST.test(host) ? `http://${host}` : listenUrl;
}
