import { describe, expect, it, vi } from 'vitest';
import { renderContent } from '../../../lib/render';
import { HTML_PREFIX, htmlParts, type HtmlParts } from '../../../lib/render/html-parts';
import { FIRST_PART, partSize } from '../../../lib/render/parts';
import { getSanitizer } from '../../../lib/render/sanitize';
import { createHost, makeOptions, render, unwrappedParts } from './helpers';

describe('renderContent, contentType 2 (HTML)', () => {
  it('keeps the allowlisted structure', () => {
    const { body } = render(
      '<h2>T</h2><p><b>b</b> <i>i</i> <u>u</u> <font color="red" size="4">f</font></p>' +
        '<table><tr><td colspan="2" align="center">x</td></tr></table>' +
        '<details open><summary>more</summary>hidden</details><ol start="3"><li>c</li></ol>',
      2,
    );

    expect(body.querySelector('h2')?.textContent).toBe('T');
    expect(body.querySelector('font')?.getAttribute('color')).toBe('red');
    expect(body.querySelector('td')?.getAttribute('colspan')).toBe('2');
    expect(body.querySelector('td')?.getAttribute('align')).toBe('center');
    expect(body.querySelector('details')?.hasAttribute('open')).toBe(true);
    expect(body.querySelector('summary')?.textContent).toBe('more');
    expect(body.querySelector('ol')?.getAttribute('start')).toBe('3');
  });

  it.each([
    ['class', '<p class="wxp-copy">x</p>'],
    ['id', '<p id="x">x</p>'],
    ['name', '<p name="x">x</p>'],
    ['data-x', '<p data-x="1">x</p>'],
    ['aria-label', '<p aria-label="1">x</p>'],
    ['srcset', '<img src="https://e.com/a.png" srcset="https://e.com/b.png 2x">'],
  ])('drops the %s attribute', (attribute, content) => {
    const { body } = render(content, 2);

    const element = body.querySelector('p, img');
    expect(element).not.toBeNull();
    expect(element?.hasAttribute(attribute)).toBe(false);
  });

  it('keeps a filtered style attribute', () => {
    const { body } = render(
      '<p style="color: #f00; position: fixed; z-index: 9; background: url(x)">x</p>',
      2,
    );

    expect(body.querySelector('p')?.getAttribute('style')).toBe('color: #f00');
  });

  it('unwraps disallowed containers but keeps their text', () => {
    const { body } = render('<form action="https://e.com"><p>inside</p></form>', 2);

    expect(body.querySelector('form')).toBeNull();
    expect(body.querySelector('p')?.textContent).toBe('inside');
  });

  it('drops images whose src is not allowed, keeping the alt text', () => {
    const { body } = render('<p><img src="javascript:alert(1)" alt="pic"></p>', 2);

    expect(body.querySelector('img')).toBeNull();
    expect(body.textContent).toBe('pic');
  });
});

describe('link rewriting', () => {
  it.each<[string, string | null]>([
    ['https://example.com/a', 'https://example.com/a'],
    ['HTTP://EXAMPLE.COM', 'http://example.com/'],
    ['  https://example.com/trim  ', 'https://example.com/trim'],
    ['mailto:a@example.com', 'mailto:a@example.com'],
    ['tel:+861234', 'tel:+861234'],
    ['javascript:alert(1)', null],
    ['vbscript:msgbox(1)', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['data:image/png;base64,AAAA', null],
    ['file:///etc/passwd', null],
    ['chrome-extension://abc/popup.html', null],
    ['/relative/path', null],
    ['#fragment', null],
    ['//evil.example/x', null],
  ])('href %j becomes %j', (href, expected) => {
    const host = render(`<a href="${href}" target="_self" rel="opener">x</a>`, 2);

    const anchor = host.body.querySelector('a');
    expect(anchor?.getAttribute('href')).toBe(expected);
    if (expected === null) {
      expect(anchor?.hasAttribute('target')).toBe(false);
    } else {
      expect(anchor?.getAttribute('target')).toBe('_blank');
      expect(anchor?.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('drops href and src on elements they do not belong to', () => {
    const { body } = render('<div href="https://e.com" src="https://e.com/x.png">x</div>', 2);

    expect(body.querySelector('div')?.attributes).toHaveLength(0);
  });
});

describe('htmlParts', () => {
  const win = window as unknown as Window & typeof globalThis;
  const block = (i: number) =>
    `<h3>Report ${i}</h3><p style="color:#333">Value <b>${i}</b> <a href="https://e.com/${i}">x</a></p>` +
    `<table><tr><td>${i}</td></tr></table>text &amp; more ${i} &lt;b&gt;<!-- c -->`;
  const long = Array.from({ length: 160 }, (_, i) => block(i)).join('');
  /** Every part, in order (at most 1 000: a loop here ends). */
  const all = (parts: HtmlParts) => {
    const out = [];
    for (let part = parts.next(); part && out.length < 1_000; part = parts.next()) out.push(part);
    return out;
  };
  const html = (parts: HtmlParts) => all(parts).map((part) => part.html);
  /** The markup of a body parsed from `source`, without comments (parts leave them out). */
  const parsed = (source: string) =>
    new win.DOMParser()
      .parseFromString(source, 'text/html')
      .body.innerHTML.replace(/<!--.*?-->/g, '');
  /** What the parts come to: the ones from the last restart on, joined. */
  const joined = (parts: HtmlParts) => {
    const list = all(parts);
    const from = list.findLastIndex((part) => part.restart);
    return list
      .slice(Math.max(from, 0))
      .map((part) => part.html)
      .join('');
  };
  /** Renders `content` in parts and in one go; the two bodies' markup. */
  const bothWays = async (content: string) => {
    const { body, done } = renderContent(createHost(), { content, contentType: 2 }, makeOptions());
    await done;
    const whole = document.createElement('div');
    whole.append(getSanitizer(win)(content) ?? '');
    return { parts: unwrappedParts(body), whole: whole.innerHTML };
  };

  it('keeps short markup, one wrapper element and framesets whole', () => {
    expect(html(htmlParts('<p>a</p><p>b</p>', win))).toEqual(['<p>a</p><p>b</p>']);
    const wrapped = `<div>${long}</div>`;
    expect(html(htmlParts(wrapped, win))).toEqual([wrapped]);
    const frameset = `<frameset><frame src="x"></frameset>${long}`;
    expect(html(htmlParts(frameset, win))).toEqual([frameset]);
  });

  it('cuts long markup between top-level nodes, small parts first', () => {
    const parts = html(htmlParts(long, win));
    expect(parts.length).toBeGreaterThan(3);
    expect(parts[0]!.length).toBeGreaterThanOrEqual(FIRST_PART);
    expect(parts[0]!.length).toBeLessThan(FIRST_PART + 400);
    for (const [i, part] of parts.slice(0, -1).entries())
      expect(part.length).toBeGreaterThanOrEqual(partSize(i));
    // Text stays text: an escaped "<b>" is not turned into markup by the round trip.
    expect(parts.join('')).toContain('text &amp; more 0 &lt;b&gt;');
    expect(parts.join('')).not.toContain('<!--');
  });

  it('cuts the first parts from a parse of the prefix, and parses the whole body after', () => {
    // Arrange
    const parse = vi.spyOn(win.DOMParser.prototype, 'parseFromString');
    try {
      // Act
      const parts = htmlParts(long, win);
      const first = parts.next()!;
      const parsedFirst = parse.mock.calls.map(([source]) => source.length);
      const rest = all(parts);

      // Assert: the prefix only, then the whole once; one part sequence, no restart.
      expect(parsedFirst).toEqual([HTML_PREFIX]);
      expect(parse.mock.calls.map(([source]) => source.length)).toEqual([HTML_PREFIX, long.length]);
      expect([first, ...rest].some((part) => part.restart)).toBe(false);
      const byNode = new win.DOMParser().parseFromString(long, 'text/html').body;
      const template = document.createElement('template');
      template.innerHTML = [first, ...rest].map((part) => part.html).join('');
      expect(template.innerHTML).toBe(byNode.innerHTML.replace(/<!-- c -->/g, ''));
    } finally {
      parse.mockRestore();
    }
  });

  it('renders to the same sanitised DOM in parts as in one go', async () => {
    const { body, done } = renderContent(
      createHost(),
      { content: long, contentType: 2 },
      makeOptions(),
    );
    expect(body.getAttribute('aria-busy')).toBe('true');
    await done;
    const whole = document.createElement('div');
    whole.append(getSanitizer(win)(long)!);
    expect(unwrappedParts(body)).toBe(whole.innerHTML);
  });

  it('starts again from the top when the rest of the source changes what the prefix showed', async () => {
    // A span moved out of a table stays open: the prefix sees the start of its text, the whole
    // body all of it. Then a frameset after empty elements, which replaces the whole body.
    const filler = '<p>filler paragraph</p>'.repeat(100);
    const fostered = `${filler}<table><span>${'x'.repeat(HTML_PREFIX)}</span></table>${filler}`;
    const framesetLate = `${'<div></div>'.repeat(800)}<frameset><frame></frameset>`;
    expect(framesetLate.length).toBeGreaterThan(8_000);

    const restarts = [fostered, framesetLate].map((source) =>
      all(htmlParts(source, win)).findIndex((part) => part.restart),
    );
    expect(restarts.every((at) => at > 0)).toBe(true);
    for (const source of [fostered, framesetLate]) {
      const { parts, whole } = await bothWays(source);
      expect(parts).toBe(whole);
    }
    expect((await bothWays(framesetLate)).parts).toBe('');
  });

  it('gives a first part when every node renders nothing (only comments)', async () => {
    const comments = `<body>${'<!-- c -->'.repeat(1_000)}`;

    expect(html(htmlParts(comments, win))).toEqual([comments]);
    expect(await bothWays(comments)).toEqual({ parts: '', whole: '' });
  });

  it('comes to the whole body wherever the prefix cuts', () => {
    // Markup whose nodes straddle the prefix's end at every offset around it: a tag, an
    // attribute, a character reference, a comment, text a table moves out of it.
    const tail = '<p title="a &amp; b">x &lt; y</p><!-- c --><table><tr><td>1</td></tr>t</table>z';
    for (let shift = 0; shift < tail.length; shift += 1) {
      const source = `${'w'.repeat(HTML_PREFIX - shift)}${tail}${'<p>more</p>'.repeat(400)}`;
      expect(parsed(joined(htmlParts(source, win))), `shift ${shift}`).toBe(parsed(source));
    }
  });
});
