import { describe, expect, it } from 'vitest';
import { renderContent } from '../../../lib/render';
import { createHost, makeOptions } from './helpers';

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

  it('renders a 39 999-character markdown message quickly', () => {
    const block =
      '## Heading\n\nSome **bold** text with a [link](https://example.com/x) and `code`.\n\n' +
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- item one\n- item two\n\n```\nconst x = 1;\n```\n\n';
    const content = block.repeat(Math.ceil(40_000 / block.length)).slice(0, 39_999);
    const host = createHost();

    const start = performance.now();
    const { body } = renderContent(host, { content, contentType: 3 }, makeOptions());
    const elapsed = performance.now() - start;

    console.info(`39 999-char markdown rendered in ${elapsed.toFixed(1)} ms (jsdom)`);
    expect(body.querySelectorAll('table').length).toBeGreaterThan(100);
    // jsdom is 10–20× slower than Chromium, where the 50 ms budget applies; this bound only
    // catches accidental O(n²) work, which would take many seconds here.
    expect(elapsed).toBeLessThan(5_000);
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
    const start = performance.now();
    const { body } = renderContent(createHost(), { content, contentType }, makeOptions());

    expect(body.textContent?.length).toBeGreaterThan(0);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});
