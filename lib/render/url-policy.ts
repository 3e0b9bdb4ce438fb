/**
 * URL allowlists for sender-controlled links and images.
 *
 * Parsing with the WHATWG `URL` parser (the one the browser uses when it follows the link) means
 * tricks such as `java\tscript:`, leading control characters or `&#106;avascript:` (already
 * decoded by the HTML parser) resolve to the same scheme we check — no regex/parser mismatch.
 * Relative URLs are rejected: in an extension page they would resolve to our own origin.
 */

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const REMOTE_PROTOCOLS = new Set(['http:', 'https:']);

/** Raster formats only: `data:image/svg+xml` is inert in <img> but has no use in a push message. */
const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|avif|bmp);base64,[a-z0-9+/=\s]*$/i;

function parseAbsolute(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Returns the normalised href if the link may be kept (http, https, mailto, tel), else null. */
export function safeLinkHref(value: string): string | null {
  const url = parseAbsolute(value);
  return url && LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/** Returns the normalised src if the image may be kept (http, https, base64 raster data:), else null. */
export function safeImageSrc(value: string): string | null {
  const url = parseAbsolute(value);
  if (!url) return null;
  if (REMOTE_PROTOCOLS.has(url.protocol)) return url.href;
  return url.protocol === 'data:' && DATA_IMAGE.test(value.trim()) ? value.trim() : null;
}

/** True for http(s) URLs: the images that reach a third-party server (tracking pixels). */
export function isRemoteUrl(value: string): boolean {
  const url = parseAbsolute(value);
  return url !== null && REMOTE_PROTOCOLS.has(url.protocol);
}
