/**
 * Filters a sender's inline `style` attribute down to harmless presentation.
 *
 * Why keep `style` at all: WxPusher templates colour text and draw their `<copy>` buttons with
 * inline styles (docs/protocol.md §5), and dropping them makes many messages unreadable. Why it is
 * safe: only allowlisted properties survive (no `position`, `z-index`, `transform`, `content`,
 * `opacity`…), and a value may only contain a small character set with no backslash, quote,
 * comment or `url(`/`expression(`/`var(`/`image-set(`. Each declaration is validated on its
 * own and re-serialised, so the browser's CSS parser can only ever see tokens we checked.
 * Anything that still overflows is clipped by `contain: content` on the host (styles.ts).
 */

const ALLOWED_PROPERTIES = new Set([
  'color',
  'background-color',
  'font-weight',
  'font-style',
  'font-size',
  'font-family',
  'font-variant',
  'text-align',
  'text-decoration',
  'text-decoration-line',
  'text-decoration-color',
  'text-decoration-style',
  'text-indent',
  'text-transform',
  'line-height',
  'letter-spacing',
  'word-spacing',
  'white-space',
  'word-break',
  'overflow-wrap',
  'vertical-align',
  'list-style-type',
  'display',
  'width',
  'min-width',
  'max-width',
  'height',
  'min-height',
  'max-height',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-radius',
  'border-collapse',
  'border-spacing',
]);

/** `display: none` could hide text the plain-text summary shows; layout modes are enough. */
const ALLOWED_DISPLAY = new Set(['inline', 'block', 'inline-block', 'list-item']);

/** Letters, digits, spaces and the punctuation of lengths, colours and font lists. */
const SAFE_VALUE = /^[a-z0-9#%.,\s()/+-]+$/i;
const FUNCTION_CALL = /([a-z-]*)\(/gi;
const ALLOWED_FUNCTIONS = new Set(['rgb', 'rgba', 'hsl', 'hsla', 'calc']);
/** Negative lengths (margins, indents) are how content is pulled outside its own box. */
const NEGATIVE_NUMBER = /(^|[^a-z0-9])-[\d.]/i;

function isSafeValue(property: string, value: string): boolean {
  if (!SAFE_VALUE.test(value) || value.includes('/*') || NEGATIVE_NUMBER.test(value)) return false;
  let depth = 0;
  for (const char of value) {
    if (char === '(') depth += 1;
    else if (char === ')' && --depth < 0) return false;
  }
  if (depth !== 0) return false;
  for (const match of value.matchAll(FUNCTION_CALL)) {
    if (!ALLOWED_FUNCTIONS.has((match[1] ?? '').toLowerCase())) return false;
  }
  return property !== 'display' || ALLOWED_DISPLAY.has(value.toLowerCase());
}

/**
 * Returns a re-serialised `style` value holding only the allowed declarations ('' if none).
 * `!important` is dropped so the base stylesheet's `!important` invariants always win.
 */
export function filterInlineStyle(css: string): string {
  const kept: string[] = [];
  for (const declaration of css.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim();
    if (ALLOWED_PROPERTIES.has(property) && value !== '' && isSafeValue(property, value)) {
      kept.push(`${property}: ${value}`);
    }
  }
  return kept.join('; ');
}
