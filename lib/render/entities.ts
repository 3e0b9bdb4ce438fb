/**
 * HTML character references, decoded without a DOM (the service worker has none). The named
 * references cover what push-message HTML uses in practice; unknown ones stay as written. A Map,
 * not an object literal, so `&constructor;` cannot reach Object.prototype.
 */
const NAMED = new Map<string, string>(Object.entries({
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002',
  emsp: '\u2003', thinsp: '\u2009', zwsp: '\u200b', shy: '\u00ad', copy: '©', reg: '®',
  trade: '™', hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“',
  rdquo: '”', laquo: '«', raquo: '»', middot: '·', bull: '•', times: '×', divide: '÷',
  deg: '°', plusmn: '±', yen: '¥', euro: '€', pound: '£', cent: '¢', sect: '§', para: '¶',
  larr: '←', rarr: '→', uarr: '↑', darr: '↓', hearts: '♥', check: '✓', star: '☆',
})); // prettier-ignore

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([a-zA-Z][a-zA-Z0-9]{1,31}));?/g;

function fromCodePoint(code: number): string {
  const invalid = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff);
  return String.fromCodePoint(invalid ? 0xfffd : code);
}

/** Decodes `&amp;`, `&#106;`, `&#x6A;` and the named references above, in one pass. */
export function decodeEntities(text: string): string {
  return text.replace(REFERENCE, (match, decimal?: string, hex?: string, name?: string) => {
    if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const named = name !== undefined && match.endsWith(';') ? NAMED.get(name) : undefined;
    return named ?? match;
  });
}
