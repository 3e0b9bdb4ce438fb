import { Marked, type Token } from 'marked';
import { PROGRESSIVE_MIN, partSize } from './parts';

/**
 * One private Marked instance so no other module's `marked.use()` changes how messages render.
 * GFM for tables, strikethrough and autolinks; `breaks` because push messages are written like
 * chat, where a single newline means a line break. Raw HTML passes through here and is then
 * sanitised with everything else — marked itself does not sanitise (its `sanitize` option is gone).
 */
const marked = new Marked({ async: false, gfm: true, breaks: true });

/**
 * Markdown to *unsanitised* HTML, synchronously. Returns null if marked throws (e.g. a nesting
 * depth it cannot handle), so the caller can fall back to plain text.
 */
export function markdownToHtml(content: string): string | null {
  try {
    return marked.parse(content, { async: false });
  } catch {
    return null;
  }
}

/** marked's tokens for `content` (markdown-dom.ts builds them), or null if marked throws. */
export function lexMarkdown(content: string): Token[] | null {
  try {
    return marked.lexer(content);
  } catch {
    return null;
  }
}

/** One part of a long message: its markdown source, and its HTML when asked (null: marked threw). */
export interface MarkdownPart {
  source: string;
  html: () => string | null;
}

/** A line that starts raw HTML (an HTML block may span blank lines) or defines a reference. */
const NO_SPLIT = /^ {0,3}(?:<[a-zA-Z/!?]|\[[^\]]+\]:)/m;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/**
 * A line that can only start a new top-level block after a blank line: not indented (that
 * could continue a list item or be code), not a list marker, quote or table row that could
 * join the block before it.
 */
const BLOCK_START = /^(?![ \t]|[-*+][ \t]|\d{1,9}[.)][ \t]|>|\|)\S/;

/**
 * Cut points in `content`: offsets of lines after a blank line, outside fenced code, that
 * start a new top-level block, each part at least `partSize` of its index long.
 */
function cutPoints(content: string): number[] {
  const cuts: number[] = [];
  let fence: string | null = null;
  let blankBefore = false;
  let want = partSize(0);
  let lastCut = 0;
  for (let at = 0; at < content.length;) {
    const end = content.indexOf('\n', at);
    const next = end < 0 ? content.length : end + 1;
    const line = content.slice(at, end < 0 ? content.length : end);
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
    } else if (marker) {
      fence = marker;
    } else if (blankBefore && at - lastCut >= want && BLOCK_START.test(line)) {
      cuts.push(at);
      lastCut = at;
      want = partSize(cuts.length);
    }
    blankBefore = !fence && line.trim() === '';
    at = next;
  }
  return cuts;
}

/**
 * A long message as parts, in order: small ones first, so the first screen paints before the
 * rest is even lexed (cold, lexing 40 000 characters takes 100 ms and more). Cut only where the
 * blocks on either side are independent: after a blank line, outside fenced code, before an
 * unindented line that starts a new block. Never cut when the source has raw HTML lines (an
 * HTML block can span blank lines) or reference definitions (they apply to the whole
 * document). One part when the message is short.
 */
export function markdownToHtmlParts(content: string): MarkdownPart[] {
  const part = (source: string) => ({ source, html: () => markdownToHtml(source) });
  if (content.length < PROGRESSIVE_MIN || NO_SPLIT.test(content)) return [part(content)];
  const cuts = [0, ...cutPoints(content), content.length];
  return cuts.slice(1).map((end, i) => part(content.slice(cuts[i], end)));
}
