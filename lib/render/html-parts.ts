import { FIRST_PART, PROGRESSIVE_MIN, partSize } from './parts';

const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Source parsed for the first screen of a long body: enough for the first parts (250, 500,
 * 1 000 characters, parts.ts) and parsed in a millisecond or two, where the whole body of the
 * benchmark's 40 000 characters takes 8–15 ms and serialising all its nodes up to 12 more
 * (docs/architecture.md §8).
 */
export const HTML_PREFIX = 16 * FIRST_PART;

/** One part of a long HTML body; `restart`: it replaces the parts handed out before. */
export interface HtmlPart {
  html: string;
  restart: boolean;
}

/** A body's parts, in order, each cut when asked. */
export interface HtmlParts {
  /** The next part, or null when there is none (never for the first call). */
  next(): HtmlPart | null;
  /** Whether `next` may still give one. */
  more(): boolean;
}

/**
 * A long HTML body as parts, in order, cut between its top-level nodes: small ones first
 * (parts.ts), so the first screen is sanitised and painted before the rest (cold, DOMPurify
 * takes 100 ms and more over 40 000 characters). The split parses with the window's own
 * DOMParser into an inert document (no script runs, nothing loads) and re-serialises each
 * group of nodes; every part still goes through the sanitiser on its own, so the split decides
 * only how the work is divided, never what is allowed. One part when short, when everything
 * sits in one wrapper element, or when the markup has no ordinary body (a leading `<frameset>`).
 *
 * The first parts come from a parse of the source's first `HTML_PREFIX` characters, without
 * its last top-level node (the cut may fall inside it) and a text node before that (text a
 * table still open at the cut moves out of it joins the text before the table). The whole body
 * is parsed only when those are used up. If its first nodes are not the ones handed out (markup
 * later in the source changed them: a span moved out of a table whose text runs past the cut),
 * the part that follows restarts from the whole body's first node; if it has no ordinary body
 * (a `<frameset>` after empty elements replaces it), that part is the source whole, restarting.
 */
export function htmlParts(html: string, win: Window & typeof globalThis): HtmlParts {
  const whole = (): HtmlParts => {
    let given = false;
    return {
      next: () => (given ? null : ((given = true), { html, restart: false })),
      more: () => !given,
    };
  };
  if (html.length < PROGRESSIVE_MIN) return whole();
  const parse = (source: string): ChildNode[] | null => {
    const body = new win.DOMParser().parseFromString(source, 'text/html').body;
    return body?.localName === 'body' ? Array.from(body.childNodes) : null;
  };
  const serialise = (node: ChildNode): string => {
    if (node.nodeType === win.Node.ELEMENT_NODE) return (node as Element).outerHTML;
    if (node.nodeType === win.Node.TEXT_NODE) return escapeText(node.textContent ?? '');
    return ''; // comments and the like render nothing
  };

  let parts = 0;
  let nodes = parse(html.slice(0, HTML_PREFIX)) ?? [];
  nodes.pop();
  if (nodes.at(-1)?.nodeType === win.Node.TEXT_NODE) nodes.pop();
  let full = false;
  let at = 0;
  /** The parts handed out from the prefix, serialised: the whole body's first nodes must match. */
  let handedOut = '';

  /**
   * Goes on from the whole body's nodes: after the ones handed out when they are the same,
   * else from the first (true: the next part restarts). Null when the body is to be one part.
   */
  const parseWhole = (): boolean | null => {
    full = true;
    const all = parse(html);
    if (!all || all.length < 2) return null;
    let shown = '';
    let count = 0;
    while (count < at && shown.length <= handedOut.length) shown += serialise(all[count++]!);
    const same = count === at && shown === handedOut;
    nodes = all;
    if (!same) at = 0;
    return !same;
  };

  return {
    more: () => !full || at < nodes.length,
    next() {
      let restart = false;
      let part = '';
      while (part.length < partSize(parts)) {
        if (at < nodes.length) {
          const piece = serialise(nodes[at++]!);
          part += piece;
          if (!full) handedOut += piece;
          continue;
        }
        if (full) break;
        const handed = at > 0;
        const again = parseWhole();
        if (again === null) {
          nodes = [];
          at = 0;
          parts += 1;
          return { html, restart: handed };
        }
        if (again) {
          restart = true;
          part = '';
          parts = 0;
        }
      }
      if (!part && !restart) {
        if (parts > 0) return null;
        part = html; // only nodes that render nothing (comments): one part, as when short
      }
      parts += 1;
      return { html: part, restart };
    },
  };
}
