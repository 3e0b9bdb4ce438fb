import { safeLinkHref } from './url-policy';

/** A run of plain text, or a URL found in it. */
export type TextSegment =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * Candidate URLs end at whitespace, angle brackets, quotes or CJK/full-width punctuation, which
 * Chinese messages put directly after a URL ("详情见https://x.cn/a，谢谢").
 */
const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`\u3000-\u303f\uff00-\uffef]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?*_~'"\]}]+$/;

/** Drops sentence punctuation after a URL, and a `)` that closes a parenthesis before it. */
function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING_PUNCTUATION, '');
  while (url.endsWith(')') && count(url, '(') < count(url, ')')) {
    url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
  }
  return url;
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n += 1;
  return n;
}

/** Splits plain text into text and http(s) link segments. Pure; single linear scan. */
export function splitLinks(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const href = safeLinkHref(url);
    if (!href) continue;
    if (start > last) segments.push({ kind: 'text', text: text.slice(last, start) });
    segments.push({ kind: 'link', text: url, href });
    last = start + url.length;
  }
  if (last < text.length) segments.push({ kind: 'text', text: text.slice(last) });
  return segments;
}
