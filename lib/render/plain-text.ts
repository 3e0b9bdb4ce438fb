/**
 * Readable text from message content, for notification bodies, search and "copy text".
 * Deliberately DOM-free and without DOMPurify/marked imports: the service worker uses it and
 * has no `document`, and its bundle should stay small. The output is text: show it with
 * `textContent`, never `innerHTML` (it may contain decoded `<`).
 */
import { ContentType } from '../message';
import { decodeEntities } from './entities';
import { htmlToText } from './html-text';
import { markdownToText } from './markdown-text';

/** Collapses spaces inside each line, trims lines and drops empty ones. */
function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Content of any type (docs/protocol.md §5; unknown types are text) as plain text: tags, markdown
 * syntax and scripts/styles removed, entities decoded, whitespace collapsed, one line per
 * paragraph/line with no blank lines.
 */
export function contentToPlainText(content: string, contentType: number): string {
  const normalized = content.replace(/\r\n?/g, '\n');
  if (contentType === ContentType.html)
    return tidyLines(decodeEntities(htmlToText(normalized, false)));
  if (contentType === ContentType.markdown) {
    return tidyLines(decodeEntities(htmlToText(markdownToText(normalized), true)));
  }
  return tidyLines(normalized);
}

/**
 * One line of at most `max` characters (code points): whitespace collapsed, and if cut, cut at
 * the last space when that keeps at least 60 % of the room (else mid-word, as CJK text has no
 * spaces), followed by "…".
 */
export function summarize(text: string, max: number): string {
  // Only the start can show: look at a bounded head (40 000-character messages are common),
  // unless collapsing its whitespace leaves too little of it to fill the line.
  const head = text.length > max * 8 ? text.slice(0, max * 8) : text;
  const collapsed = head.replace(/\s+/g, ' ').trim();
  const chars = Array.from(
    head === text || collapsed.length > max * 2 ? collapsed : text.replace(/\s+/g, ' ').trim(),
  );
  if (chars.length <= max) return chars.join('');
  if (max < 1) return '';
  const room = chars.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const nextIsSpace = chars[max - 1] === ' ';
  const kept = nextIsSpace || space < Math.floor(max * 0.6) ? room : room.slice(0, space);
  return `${kept.join('').trimEnd()}…`;
}
