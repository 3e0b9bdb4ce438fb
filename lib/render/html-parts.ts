import { PROGRESSIVE_MIN, partSize } from './parts';

const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A long HTML body as parts, in order, cut between its top-level nodes: small ones first
 * (parts.ts), so the first screen is sanitised and painted before the rest (cold, DOMPurify takes 100 ms and
 * more over 40 000 characters). The split parses with the window's own DOMParser into an
 * inert document (no script runs, nothing loads) and re-serialises each group of nodes;
 * every part still goes through the sanitiser on its own, so the split decides only how the
 * work is divided, never what is allowed. One part when short, when everything sits in one
 * wrapper element, or when the markup has no ordinary body (a leading `<frameset>`).
 */
export function htmlParts(html: string, win: Window & typeof globalThis): string[] {
  if (html.length < PROGRESSIVE_MIN) return [html];
  const body = new win.DOMParser().parseFromString(html, 'text/html').body;
  if (body?.localName !== 'body' || body.childNodes.length < 2) return [html];
  const parts: string[] = [];
  let part = '';
  for (const node of Array.from(body.childNodes)) {
    if (node.nodeType === win.Node.ELEMENT_NODE) part += (node as Element).outerHTML;
    else if (node.nodeType === win.Node.TEXT_NODE) part += escapeText(node.textContent ?? '');
    // Comments and the like render nothing.
    if (part.length >= partSize(parts.length)) {
      parts.push(part);
      part = '';
    }
  }
  if (part) parts.push(part);
  return parts.length > 0 ? parts : [html];
}
