import { afterEach, beforeEach, expect, vi } from 'vitest';
import type { RenderResult } from '../../../lib/render';

/** Elements no message may leave behind (buttons only as the ones we build). */
const FORBIDDEN = [
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input',
  'select', 'textarea', 'meta', 'base', 'link', 'svg', 'math', 'template', 'noscript', 'video',
  'audio', 'source', 'area', 'map', 'marquee', 'isindex', 'keygen', 'xmp', 'noembed', 'title',
].join(','); // prettier-ignore
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcdoc', 'srcset', 'background', 'cite']; // prettier-ignore
/** Schemes compared after removing whitespace and control characters, as URL parsing does. */
const BAD_URL = /^(?:javascript|vbscript|data:text|data:image\/svg)/i;
const BAD_STYLE = /position|z-index|url\(|expression|@import|behavior|binding|\\/i;

export type Global = typeof globalThis & { __xss?: unknown };

/** Fails the test if anything in `root` could run, load or restyle what it should not. */
export function assertInert(root: ShadowRoot, name: string): void {
  const own = (el: Element) => el.matches('style[data-wxp-base], .wxp-copy, .wxp-load-images');
  const forbidden = Array.from(root.querySelectorAll(`${FORBIDDEN},style,button`)).filter(
    (el) => !own(el),
  );
  expect(
    forbidden.map((el) => el.localName),
    name,
  ).toEqual([]);
  for (const element of Array.from(root.querySelectorAll('*'))) {
    expect(element.namespaceURI, name).toBe('http://www.w3.org/1999/xhtml');
    for (const { name: attribute, value } of Array.from(element.attributes)) {
      expect(attribute.toLowerCase().startsWith('on'), `${name}: ${attribute}`).toBe(false);
      // eslint-disable-next-line no-control-regex -- the URL parser strips these, so must we
      const compact = value.replace(/[\s\u0000-\u001f]+/g, '');
      if (URL_ATTRIBUTES.includes(attribute.toLowerCase())) {
        expect(compact, `${name}: ${attribute}`).not.toMatch(BAD_URL);
      }
      if (attribute === 'style' && !own(element)) {
        expect(value, `${name}: style`).not.toMatch(BAD_STYLE);
      }
    }
  }
}

/**
 * Checks `result` inert as it first shows, once every part is in, and after its images are
 * loaded and every button clicked.
 */
export async function exerciseInert(result: RenderResult, name: string): Promise<void> {
  assertInert(result.shadowRoot, name);
  await result.done; // long content: the later parts too
  assertInert(result.shadowRoot, name);
  result.loadImages();
  for (const button of Array.from(result.body.querySelectorAll('button'))) button.click();
  assertInert(result.shadowRoot, name);
}

/** After a payload's renders: no script joined the page, and none of the payload's ran. */
export async function expectNothingRan(scriptsBefore: number, name: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(document.querySelectorAll('script')).toHaveLength(scriptsBefore);
  expect((globalThis as Global).__xss, name).toBeUndefined();
  expect(window.alert).not.toHaveBeenCalled();
}

/**
 * Around each test of the describe it is called in: no trace of an earlier payload's run
 * (`__xss`), `alert` watched, and the page emptied after.
 */
export function watchPayloads(): void {
  beforeEach(() => {
    delete (globalThis as Global).__xss;
    vi.spyOn(window, 'alert').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });
}
