import { describe, expect, it } from 'vitest';
import { render } from './helpers';
import { markdownToHtml, markdownToHtmlParts } from '../../../lib/render/markdown';
import { FIRST_PART, LATER_PART, partSize } from '../../../lib/render/parts';

describe('renderContent, contentType 3 (markdown)', () => {
  it.each<[string, string, (body: HTMLElement) => void]>([
    [
      'heading and emphasis',
      '# Title\n\n**bold** _it_ ~~gone~~',
      (body) => {
        expect(body.querySelector('h1')?.textContent).toBe('Title');
        expect(body.querySelector('strong')?.textContent).toBe('bold');
        expect(body.querySelector('em')?.textContent).toBe('it');
        expect(body.querySelector('del')?.textContent).toBe('gone');
      },
    ],
    [
      'GFM table',
      '| a | b |\n|---|:-:|\n| 1 | 2 |',
      (body) => {
        expect(Array.from(body.querySelectorAll('th'), (th) => th.textContent)).toEqual(['a', 'b']);
        expect(Array.from(body.querySelectorAll('td'), (td) => td.textContent)).toEqual(['1', '2']);
        expect(body.querySelector('td[align="center"]')).not.toBeNull();
      },
    ],
    [
      'fenced code keeps markup as text',
      '```js\nlet x = 1 < 2 && "<b>";\n```',
      (body) => {
        expect(body.querySelector('pre code')?.textContent).toBe('let x = 1 < 2 && "<b>";\n');
        expect(body.querySelector('b')).toBeNull();
      },
    ],
    [
      'lists',
      '- a\n- b\n\n1. one\n2. two\n3. three',
      (body) => {
        expect(body.querySelectorAll('ul > li')).toHaveLength(2);
        expect(body.querySelectorAll('ol > li')).toHaveLength(3);
      },
    ],
    [
      'links open in a new tab',
      '[site](https://example.com/a) and https://auto.example',
      (body) => {
        const anchors = Array.from(body.querySelectorAll('a'));
        expect(anchors.map((a) => a.getAttribute('href'))).toEqual([
          'https://example.com/a',
          'https://auto.example/',
        ]);
        for (const a of anchors) {
          expect(a.getAttribute('target')).toBe('_blank');
          expect(a.getAttribute('rel')).toBe('noopener noreferrer');
        }
      },
    ],
    [
      'images',
      '![logo](https://example.com/logo.png "Logo")',
      (body) => {
        const img = body.querySelector('img');
        expect(img?.getAttribute('src')).toBe('https://example.com/logo.png');
        expect(img?.getAttribute('alt')).toBe('logo');
        expect(img?.getAttribute('title')).toBe('Logo');
      },
    ],
    [
      'single newlines are line breaks',
      'line 1\nline 2',
      (body) => expect(body.querySelector('p br')).not.toBeNull(),
    ],
    [
      'blockquote and rule',
      '> quoted\n\n---',
      (body) => {
        expect(body.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
        expect(body.querySelector('hr')).not.toBeNull();
      },
    ],
    [
      'raw HTML is sanitised, not dropped',
      'Hi <span style="color: red" onclick="x()">red</span> <copy data-clipboard-text="42">复制</copy>',
      (body) => {
        const span = body.querySelector('span[style]');
        expect(span?.getAttribute('style')).toBe('color: red');
        expect(span?.hasAttribute('onclick')).toBe(false);
        expect(body.querySelector('button.wxp-copy')?.textContent).toBe('复制');
      },
    ],
    [
      'javascript links lose their href',
      '[x](javascript:alert(1))',
      (body) => {
        expect(body.querySelector('a')?.hasAttribute('href')).toBe(false);
        expect(body.textContent?.trim()).toBe('x');
      },
    ],
  ])('%s', (_name, content, check) => {
    const { body } = render(content, 3);

    check(body);
  });
});

describe('markdownToHtmlParts', () => {
  const para = (i: number) => `Paragraph ${i} ${'word '.repeat(40)}\n\n`;
  const long = (blocks: string[]) => blocks.join('');

  it('keeps a short message whole', () => {
    const parts = markdownToHtmlParts('# hi\n\ntext');
    expect(parts.map((p) => p.source)).toEqual(['# hi\n\ntext']);
    expect(parts[0]!.html()).toBe(markdownToHtml('# hi\n\ntext'));
  });

  it('cuts a long one into small first parts, doubling, that add up to it', () => {
    const content = long(Array.from({ length: 200 }, (_, i) => para(i)));
    const parts = markdownToHtmlParts(content);
    expect(parts.map((p) => p.source).join('')).toBe(content);
    expect(parts.length).toBeGreaterThan(5);
    expect(parts[0]!.source.length).toBeGreaterThanOrEqual(FIRST_PART);
    expect(parts[0]!.source.length).toBeLessThan(FIRST_PART + 400);
    for (const [i, p] of parts.slice(0, -1).entries()) {
      expect(p.source.length).toBeGreaterThanOrEqual(partSize(i));
      expect(p.source.length).toBeLessThan(partSize(i) + 400);
    }
    expect(parts.at(-2)!.source.length).toBeGreaterThanOrEqual(LATER_PART);
    expect(parts.map((p) => p.html()).join('')).toBe(markdownToHtml(content));
  });

  it('never cuts inside fenced code, a list item, a quote or a table', () => {
    const fence = '```\n' + 'code line\n\n'.repeat(400) + '```\n\n';
    const tildes = '~~~~\n' + 'x\n\n```\n\n'.repeat(300) + '~~~~\n\n';
    const list = '- item\n\n' + '  continued paragraph of the item\n\n'.repeat(150);
    const quote = '> quoted\n\n'.repeat(300);
    const table = '| a | b |\n|---|---|\n' + '| 1 | 2 |\n'.repeat(400) + '\n';
    for (const block of [fence, tildes, list, quote, table]) {
      const content = para(0).repeat(70) + block + para(1).repeat(40);
      const sources = markdownToHtmlParts(content).map((p) => p.source);
      expect(sources.join('')).toBe(content);
      expect(sources.some((s) => s.includes(block))).toBe(true);
      expect(sources.map((_, i) => markdownToHtmlParts(content)[i]!.html()).join('')).toBe(
        markdownToHtml(content),
      );
    }
  });

  it('keeps raw HTML blocks and reference links whole', () => {
    const body = para(0).repeat(100);
    for (const content of [
      `<div align="center">\n\n${body}</div>\n`,
      `${body}[docs]: https://example.com/docs\n`,
      `${body}<!-- a comment -->\n`,
    ]) {
      expect(markdownToHtmlParts(content)).toHaveLength(1);
    }
  });
});
