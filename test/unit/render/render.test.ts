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

  // Render speed is a benchmark (npm run bench, in Chromium); here: completeness at full size.
  it('renders a 39 999-character markdown message completely', () => {
    const block =
      '## Heading\n\nSome **bold** text with a [link](https://example.com/x) and `code`.\n\n' +
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- item one\n- item two\n\n```\nconst x = 1;\n```\n\n';
    const content = block.repeat(Math.ceil(40_000 / block.length)).slice(0, 39_999);
    const host = createHost();

    const { body } = renderContent(host, { content, contentType: 3 }, makeOptions());

    expect(body.querySelectorAll('table').length).toBeGreaterThan(100);
    expect(body.querySelectorAll('a[href="https://example.com/x"]').length).toBeGreaterThan(100);
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
