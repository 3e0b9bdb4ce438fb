/**
 * HTML to text without a DOM, for the service worker. A single forward scan (no backtracking
 * regex over the whole input), so hostile input of any shape stays linear. Nothing is parsed
 * into a document, so nothing can execute; the result is text and must be shown as text.
 * Entities are left encoded for the caller to decode once, after tags are gone.
 */

/** Elements whose content is not readable text. */
const SKIPPED = new Set(['script', 'style', 'template', 'title', 'head', 'noscript', 'iframe', 'object', 'svg', 'math', 'textarea', 'select', 'xmp', 'noembed', 'noframes']); // prettier-ignore
/** Elements that start or end a line. */
const BLOCKS = new Set(['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'ul', 'ol', 'dl', 'dt', 'dd', 'hr', 'section', 'article', 'header', 'footer', 'details', 'summary', 'figure', 'figcaption', 'center']); // prettier-ignore
const CELLS = new Set(['td', 'th']);

const TAG_OPEN = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;
const ALT = /(?:^|\s)alt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;

/**
 * Index of the `>` ending a tag whose attributes start at `from`, honouring quoted values; -1
 * if the tag is not closed before an unquoted `<` or the end (then `<` is plain text, as in
 * markdown prose like "a<b").
 */
function findTagEnd(html: string, from: number): number {
  for (let i = from; i < html.length; i++) {
    const char = html[i];
    if (char === '>') return i;
    if (char === '<') return -1;
    if (char === '"' || char === "'") {
      const close = html.indexOf(char, i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

const closingTags = new Map<string, RegExp>();

/** Index just after the `</name …>` closing a skipped element, or the end of the input. */
function skipElement(html: string, name: string, from: number): number {
  let close = closingTags.get(name);
  if (!close) {
    close = new RegExp(`</${name}[\\s/>]`, 'gi');
    closingTags.set(name, close);
  }
  close.lastIndex = from;
  const match = close.exec(html);
  if (!match) return html.length;
  const end = html.indexOf('>', match.index);
  return end < 0 ? html.length : end + 1;
}

/**
 * Strips tags, keeping the text, `<img>` alt text and line structure. With `keepNewlines`
 * (markdown), newlines in the text are line breaks; otherwise (HTML) only `<pre>` keeps them.
 */
export function htmlToText(html: string, keepNewlines: boolean): string {
  const out: string[] = [];
  let preDepth = 0;
  let i = 0;
  const pushText = (text: string) => {
    out.push(keepNewlines || preDepth > 0 ? text : text.replace(/\s+/g, ' '));
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      pushText(html.slice(i));
      break;
    }
    pushText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? html.length : end + 1;
      continue;
    }
    TAG_OPEN.lastIndex = lt;
    const open = TAG_OPEN.exec(html);
    const end = open ? findTagEnd(html, lt + open[0].length) : -1;
    if (!open || end < 0) {
      pushText('<');
      i = lt + 1;
      continue;
    }
    const closing = open[1] === '/';
    const name = (open[2] ?? '').toLowerCase();
    i = end + 1;
    if (SKIPPED.has(name)) {
      if (!closing) i = skipElement(html, name, i);
    } else if (BLOCKS.has(name)) {
      out.push('\n');
      if (name === 'pre') preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
    } else if (CELLS.has(name)) {
      out.push(' ');
    } else if (name === 'img' && !closing) {
      const alt = ALT.exec(html.slice(lt + open[0].length, end));
      const text = alt?.[1] ?? alt?.[2] ?? alt?.[3];
      if (text) out.push(` ${text} `);
    }
  }
  return out.join('');
}
