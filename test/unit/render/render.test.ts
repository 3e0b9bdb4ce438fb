import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderContent } from '../../../lib/render';
import { markdownToHtml } from '../../../lib/render/markdown';
import { getSanitizer, type HostWindow } from '../../../lib/render/sanitize';
import { createHost, makeOptions, unwrappedParts } from './helpers';

describe('renderContent', () => {
  it('renders into an open shadow root with the base stylesheet', () => {
    const host = createHost();

    const { shadowRoot, body } = renderContent(
      host,
      { content: 'hi', contentType: 1 },
      makeOptions(),
    );

    expect(host.shadowRoot).toBe(shadowRoot);
    expect(shadowRoot.mode).toBe('open');
    expect(body.parentNode).toBe(shadowRoot);
    const css = shadowRoot.querySelector('style[data-wxp-base]')?.textContent ?? '';
    expect(css).toContain('var(--wxp-fg,');
    expect(css).toContain('prefers-color-scheme: dark');
    expect(css).toContain('contain: content');
    expect(host.childNodes).toHaveLength(0);
  });

  it('reuses the shadow root and replaces the previous content', () => {
    const host = createHost();
    const first = renderContent(
      host,
      { content: '![a](https://e.com/a.png)', contentType: 3 },
      makeOptions({ blockImages: true }),
    );

    const second = renderContent(host, { content: '<p>two</p>', contentType: 2 }, makeOptions());

    expect(second.shadowRoot).toBe(first.shadowRoot);
    expect(second.shadowRoot.querySelectorAll('style')).toHaveLength(1);
    expect(second.shadowRoot.querySelector('.wxp-images-bar')).toBeNull();
    expect(second.body.textContent).toBe('two');
    expect(first.body.isConnected).toBe(false);
  });

  // Render speed is a benchmark (npm run bench, in Chromium); here: completeness at full size.
  it('renders a 39 999-character markdown message completely, its first screen first', async () => {
    const block =
      '## Heading\n\nSome **bold** text with a [link](https://example.com/x) and `code`.\n\n' +
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- item one\n- item two\n\n```\nconst x = 1;\n```\n\n';
    const content = block.repeat(Math.ceil(40_000 / block.length)).slice(0, 39_999);
    const host = createHost();

    const { body, done } = renderContent(host, { content, contentType: 3 }, makeOptions());

    const firstTables = body.querySelectorAll('table').length;
    expect(firstTables).toBeGreaterThan(0);
    expect(firstTables).toBeLessThan(40);
    expect(body.getAttribute('aria-busy')).toBe('true');
    await done;
    expect(body.hasAttribute('aria-busy')).toBe(false);
    expect(body.querySelectorAll('table').length).toBeGreaterThan(100);
    expect(body.querySelectorAll('a[href="https://example.com/x"]').length).toBeGreaterThan(100);
    // The parts add up to exactly what one parse and one sanitise give.
    const whole = getSanitizer(window as unknown as HostWindow)(markdownToHtml(content)!)!;
    const expected = document.createElement('div');
    expected.append(whole);
    // Compared around the first difference: a diff of two 100 KB strings takes minutes.
    expect(body.querySelectorAll(':scope > .wxp-part').length).toBeGreaterThan(2);
    const got = unwrappedParts(body);
    const want = expected.innerHTML;
    expect(got.length).toBe(want.length);
    let at = 0;
    while (at < got.length && got[at] === want[at]) at++;
    expect(got.slice(at - 80, at + 80), `differs at ${at}`).toBe(want.slice(at - 80, at + 80));
  }, 30_000);

  describe('with layout', () => {
    afterEach(() => vi.restoreAllMocks());
    /** jsdom has no layout: each paragraph of the content is laid out 3 px high. */
    const layOut = () =>
      vi.spyOn(HTMLElement.prototype, 'getClientRects').mockImplementation(function (
        this: HTMLElement,
      ) {
        const bottom = this.querySelectorAll('p').length * 3;
        return [{ top: 0, bottom }] as unknown as DOMRectList;
      });
    const paragraphs = Array.from({ length: 900 }, (_, i) => `Paragraph ${i} text\n\n`).join('');

    it('renders small parts in one go until they fill the screen, then the rest later', async () => {
      layOut();
      const { body, done } = renderContent(
        createHost(),
        { content: paragraphs, contentType: 3 },
        makeOptions(),
      );

      // A screen (jsdom's window is 768 px high) needs 256 paragraphs: several parts.
      const shown = body.querySelectorAll('p').length;
      expect(shown).toBeGreaterThanOrEqual(window.innerHeight / 3);
      expect(shown).toBeLessThan(600);
      expect(body.querySelector(':scope > .wxp-part')).toBeNull();
      expect(body.getAttribute('aria-busy')).toBe('true');
      await done;
      expect(body.querySelectorAll('p')).toHaveLength(900);
      const whole = document.createElement('div');
      whole.append(getSanitizer(window as unknown as HostWindow)(markdownToHtml(paragraphs)!)!);
      expect(unwrappedParts(body)).toBe(whole.innerHTML);
    });

    it.each([
      [
        'markdown',
        3,
        (i: number) => `Line ${i} <img src=x onerror=alert(1)> [x](javascript:alert(1))\n\n`,
      ],
      [
        'HTML',
        2,
        (i: number) =>
          `<p>Line ${i} <img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a><script>alert(1)</script></p>`,
      ],
    ] as const)(
      'sanitises every %s part it adds to fill the screen',
      (_name, contentType, line) => {
        layOut();
        const content = Array.from({ length: 900 }, (_, i) => line(i)).join('');
        const { body } = renderContent(createHost(), { content, contentType }, makeOptions());

        expect(body.querySelectorAll('p').length).toBeGreaterThanOrEqual(window.innerHeight / 3);
        expect(body.getAttribute('aria-busy')).toBe('true');
        expect(body.textContent).toContain('Line 200 ');
        expect(body.querySelector('[onerror], script, a[href]')).toBeNull();
      },
    );
  });

  it('renders long markdown with block-level HTML in one go', () => {
    const content = `<div align="center">\n\n${'para graph text\n\n'.repeat(800)}</div>\n`;
    const { body, done } = renderContent(createHost(), { content, contentType: 3 }, makeOptions());
    expect(body.hasAttribute('aria-busy')).toBe(false);
    expect(body.querySelector('div')!.querySelectorAll('p')).toHaveLength(800);
    return done;
  });

  it('holds back images from later parts too, and stops when replaced', async () => {
    const content =
      'text line here\n\n'.repeat(400) +
      '![late](https://e.com/late.png)\n\n' +
      'more\n\n'.repeat(600);
    const host = createHost();
    const first = renderContent(
      host,
      { content, contentType: 3 },
      makeOptions({ blockImages: true }),
    );
    expect(first.blockedImages).toBe(0);
    expect(first.shadowRoot.querySelector('.wxp-images-bar')).toBeNull();
    await first.done;
    expect(first.blockedImages).toBe(1);
    expect(first.shadowRoot.querySelector('.wxp-images-bar')).not.toBeNull();
    first.loadImages();
    expect(first.body.querySelector('img')!.getAttribute('src')).toBe('https://e.com/late.png');

    // A render replaced before its later parts land stops adding them.
    const stale = renderContent(host, { content, contentType: 3 }, makeOptions());
    const fresh = renderContent(host, { content: 'fresh', contentType: 1 }, makeOptions());
    await stale.done;
    expect(stale.body.isConnected).toBe(false);
    expect(fresh.shadowRoot.textContent).toContain('fresh');
    expect(fresh.shadowRoot.textContent).not.toContain('more');
  });

  it.each<[string, string, number]>([
    ['deeply nested HTML', '<div>'.repeat(1_000) + 'x', 2],
    ['deeply nested markdown quotes', '>'.repeat(10_000) + ' x', 3],
    [
      'deeply nested markdown lists',
      Array.from({ length: 190 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
      3,
    ],
    ['many brackets', '['.repeat(39_999), 3],
    ['many emphasis markers', '*_'.repeat(19_999), 3],
  ])('survives %s', (_name, content, contentType) => {
    const { body } = renderContent(createHost(), { content, contentType }, makeOptions());

    expect(body.textContent?.length).toBeGreaterThan(0);
  });
});
