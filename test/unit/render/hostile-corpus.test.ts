import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOSTILE_CORPUS } from '../../fixtures/hostile-corpus';
import { renderContent } from '../../../lib/render';
import { createHost, makeOptions } from './helpers';

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

type Global = typeof globalThis & { __xss?: unknown };

function assertInert(root: ShadowRoot, name: string): void {
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

describe('hostile corpus', () => {
  beforeEach(() => {
    delete (globalThis as Global).__xss;
    vi.spyOn(window, 'alert').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

  it('has at least 120 uniquely named payloads', () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(120);
    expect(new Set(HOSTILE_CORPUS.map((p) => p.name)).size).toBe(HOSTILE_CORPUS.length);
  });

  it.each(HOSTILE_CORPUS.map((payload) => [payload.name, payload] as const))(
    '%s',
    async (name, { content, contentType }) => {
      const scriptsBefore = document.querySelectorAll('script').length;
      for (const blockImages of [true, false]) {
        const result = renderContent(
          createHost(),
          { content, contentType },
          makeOptions({ blockImages }),
        );
        assertInert(result.shadowRoot, name);
        await result.done; // long content: the later parts too
        assertInert(result.shadowRoot, name);
        result.loadImages();
        for (const button of Array.from(result.body.querySelectorAll('button'))) button.click();
        assertInert(result.shadowRoot, name);
      }
      await new Promise((resolve) => setTimeout(resolve, 0));

      expect(document.querySelectorAll('script')).toHaveLength(scriptsBefore);
      expect((globalThis as Global).__xss, name).toBeUndefined();
      expect(window.alert).not.toHaveBeenCalled();
    },
  );
});
