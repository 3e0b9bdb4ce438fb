import { describe, expect, it } from 'vitest';
import { splitLinks, type TextSegment } from '../../../lib/render/linkify';
import { render } from './helpers';

const link = (text: string, href = text): TextSegment => ({ kind: 'link', text, href });
const text = (value: string): TextSegment => ({ kind: 'text', text: value });

describe('splitLinks', () => {
  it.each<[string, string, TextSegment[]]>([
    ['no url', 'hello world', [text('hello world')]],
    ['bare url', 'https://example.com', [link('https://example.com', 'https://example.com/')]],
    [
      'url with query and trailing period',
      'see https://e.com/a?b=1&c=2.',
      [text('see '), link('https://e.com/a?b=1&c=2'), text('.')],
    ],
    ['url in parentheses', '(http://e.com/x)', [text('('), link('http://e.com/x'), text(')')]],
    [
      'balanced parentheses stay',
      'https://en.wikipedia.org/wiki/A_(b)',
      [link('https://en.wikipedia.org/wiki/A_(b)')],
    ],
    [
      'chinese punctuation ends the url',
      '详情见https://x.cn/a，谢谢',
      [text('详情见'), link('https://x.cn/a'), text('，谢谢')],
    ],
    [
      'two urls and a newline',
      'a https://a.io\nb http://b.io',
      [
        text('a '),
        link('https://a.io', 'https://a.io/'),
        text('\nb '),
        link('http://b.io', 'http://b.io/'),
      ],
    ],
    ['javascript is not linked', 'javascript:alert(1)', [text('javascript:alert(1)')]],
    ['ftp is not linked', 'ftp://e.com/x', [text('ftp://e.com/x')]],
    ['scheme only is not linked', 'https:// nothing', [text('https:// nothing')]],
  ])('%s', (_name, input, expected) => {
    expect(splitLinks(input)).toEqual(expected);
  });
});

describe('renderContent, contentType 1 (text)', () => {
  it('renders text nodes and links built as elements, keeping line breaks', () => {
    const { body } = render('line 1 <b>not bold</b>\nhttps://example.com/x done', 1);

    const wrapper = body.querySelector('.wxp-text');
    expect(wrapper?.textContent).toBe('line 1 <b>not bold</b>\nhttps://example.com/x done');
    expect(body.querySelector('b')).toBeNull();
    const anchors = body.querySelectorAll('a');
    expect(anchors).toHaveLength(1);
    expect(anchors[0]?.getAttribute('href')).toBe('https://example.com/x');
    expect(anchors[0]?.getAttribute('target')).toBe('_blank');
    expect(anchors[0]?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it.each([0, 4, 99, Number.NaN])('renders unknown contentType %s as text', (contentType) => {
    const { body } = render('<img src=x onerror=window.__xss=1>', contentType);

    expect(body.querySelector('img')).toBeNull();
    expect(body.textContent).toBe('<img src=x onerror=window.__xss=1>');
  });

  it('renders the empty string', () => {
    expect(render('', 1).body.textContent).toBe('');
  });
});
