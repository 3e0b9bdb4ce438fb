import { ContentType } from '../message';
import { decodeEntities } from '../render/entities';
import { safeImageSrc } from '../render/url-policy';

/** Only the start of a body is searched: an image far down is not what the message is about. */
const SEARCH_MAX = 20_000;
const HTML_IMG = /<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const MARKDOWN_IMG = /!\[[^\]]*\]\(\s*<?([^\s)>]+)/;

/**
 * The first image of an HTML or markdown body (docs/protocol.md §5) whose address the full
 * view would also show (http, https, or a raster data: image; url-policy.ts), or null. Text
 * bodies have none. DOM-free: the worker calls it.
 */
export function firstImageUrl(content: string, contentType: number): string | null {
  if (contentType !== ContentType.html && contentType !== ContentType.markdown) return null;
  const head = content.slice(0, SEARCH_MAX);
  const found: { at: number; src: string }[] = [];
  const html = HTML_IMG.exec(head);
  if (html)
    found.push({ at: html.index, src: decodeEntities(html[1] ?? html[2] ?? html[3] ?? '') });
  if (contentType === ContentType.markdown) {
    const md = MARKDOWN_IMG.exec(head);
    if (md) found.push({ at: md.index, src: md[1] ?? '' });
  }
  found.sort((a, b) => a.at - b.at);
  for (const { src } of found) {
    const safe = safeImageSrc(src.trim());
    if (safe) return safe;
  }
  return null;
}
