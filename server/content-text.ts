import sanitizeHtml from 'sanitize-html';
import { markdownToHtml } from './render';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The readable text of a message body, whitespace collapsed: markdown is rendered and HTML
 * stripped (script/style contents dropped), so a default summary never shows markup.
 */
export function toPlainText(content: string, contentType: number): string {
  if (contentType !== 2 && contentType !== 3) return content.replace(/\s+/g, ' ').trim();
  const html = contentType === 3 ? markdownToHtml(content) : content;
  // Block boundaries would otherwise glue words together ("<p>a</p><p>b</p>" → "ab").
  const spaced = html.replace(/<(br|\/p|\/div|\/li|\/h[1-6]|\/tr|\/td|\/th)\b[^>]*>/gi, '$& ');
  const stripped = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(stripped).replace(/\s+/g, ' ').trim();
}

/** Longest default summary: the sender API's summary limit (docs/protocol.md §6). */
export const SUMMARY_MAX = 100;

/** The default summary: the start of the content's text. */
export function defaultSummary(content: string, contentType: number): string {
  return Array.from(toPlainText(content, contentType)).slice(0, SUMMARY_MAX).join('');
}
