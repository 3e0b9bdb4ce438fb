import { describe, expect, it } from 'vitest';
import { markdownToHtml, markdownToHtmlParts } from '../../../lib/render/markdown';
import { buildMarkdown } from '../../../lib/render/markdown-dom';
import { getSanitizer, inertDocument, type HostWindow } from '../../../lib/render/sanitize';

const win = window as unknown as HostWindow;

/**
 * A tree as text that two equal trees share however they were made: adjacent text nodes
 * merged (the HTML parser makes one where a builder may make two), attributes sorted (the
 * sanitiser re-sets the ones it rewrites, in its own order).
 */
function canonical(fragment: DocumentFragment | null): string {
  const box = document.createElement('div');
  if (fragment) box.append(fragment);
  box.normalize();
  const walk = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return JSON.stringify(node.textContent);
    if (node.nodeType !== Node.ELEMENT_NODE) return `<?${node.nodeType}>`;
    const element = node as Element;
    const attrs = Array.from(element.attributes, (a) => `${a.name}=${JSON.stringify(a.value)}`)
      .sort()
      .join(' ');
    const children = Array.from(element.childNodes, walk).join('');
    return `<${element.localName}${attrs ? ` ${attrs}` : ''}>${children}</${element.localName}>`;
  };
  return Array.from(box.childNodes, walk).join('');
}

/** What the sanitiser path makes of `source`: marked's HTML through DOMPurify. */
const sanitised = (source: string) => canonical(getSanitizer(win)(markdownToHtml(source)!));
const built = (source: string) => buildMarkdown(inertDocument(win), source);

/** Every token type the builder makes, and the edges where marked and DOMPurify differ. */
const CASES: Record<string, string> = {
  headings: '# One\n## Two *em*\n### Three\n#### Four\n##### Five\n###### Six `code`',
  emphasis: '**bold** _it_ ***both*** ~~gone~~ ~one~ **nested _em_ here**',
  'hard and soft breaks': 'line one\nline two  \nline three\\\nline four',
  escapes: '\\*not em\\* \\# \\[x\\] \\` \\> \\" \\\\',
  'code block with language': '```js\nconst x = 1;\n\n  indented\n```',
  'empty code block': '```\n```',
  'indented code': '    four spaces\n    more',
  codespan: 'a `b * c` d `` e ` f `` g',
  blockquote: '> quoted **bold**\n> more\n>\n> > nested\n\nafter',
  'tight list': '- one\n- two\n  - nested\n  - nested two\n- three',
  'loose list': '- one\n\n- two\n\n  second paragraph\n- three',
  'ordered lists': '1. first\n2. second\n\n3. third\n4. fourth\n\n---\n\n7) seventh\n8) eighth',
  'list with code and quote': '- item\n\n  ```\n  code\n  ```\n\n  > quote\n- last',
  table:
    '| left | centre | right | none |\n|:-----|:------:|------:|------|\n| **b** | `c` | [l](https://e.com) | x |\n| 1 | 2 | 3 | 4 |',
  'table without rows': '| a | b |\n|---|---|',
  hr: 'above\n\n***\n\nbelow\n\n___',
  links:
    '[plain](https://example.com/a) [titled](https://example.com/b "A title") ' +
    "[single](https://example.com/c 'x') [paren](https://example.com/d (y))",
  'unsafe links':
    '[js](javascript:alert(1)) [vb](vbscript:x) [data](data:text/html;base64,PHNjcmlwdD4=) ' +
    '[relative](/options.html) [proto](//evil.example/) [file](file:///etc/passwd) [empty]()',
  'allowed schemes': '[mail](mailto:a@example.com) [tel](tel:+123) [http](http://example.com)',
  'titles the sanitiser drops':
    '[a](https://e.com "x -->") [b](https://e.com "y ]>") [c](https://e.com "  padded  ")',
  autolinks: 'see https://example.com/path?q=1 and www.example.org and me@example.com.',
  'autolink at end with punctuation': 'Visit https://example.com/a_(b).',
  images:
    '![alt text](https://example.com/i.png) ![titled](https://example.com/j.png "T") ' +
    '![**bold** alt](https://example.com/k.png) ![](https://example.com/l.png)',
  'unsafe images':
    '![js](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2Zz4=) ' +
    '![png](data:image/png;base64,iVBORw0KGgo=) ![rel](/icon.png)',
  'image in link': '[![badge](https://example.com/b.svg)](https://example.com/)',
  'unencodable href': '[lone](https://example.com/\uD800) ![lone](https://example.com/\uD800.png)',
  'reference links': '[ref][r] and [r]\n\n[r]: https://example.com/ref "Ref title"',
  unicode: '中文 **粗体** 😀 [链接](https://例子.测试/路径)',
  'whitespace only lines': 'a\n   \nb\n\n\n\nc',
  'heading setext': 'Title\n=====\n\nSub\n---',
  'deep nesting': '> - a\n>   - b\n>     - c\n>       > d **e**',
  'bare ampersands': 'fish & chips, R&D, a&&b, &, &; &# &x &copy &notit &amp &#x',
  'ampersands in links and images':
    '[q](https://example.com/?a=1&b=2&copy=3 "Tom & Jerry") ![x & y](https://example.com/i.png?a=1&b=2) ' +
    'https://example.com/?c=1&d=2 `a && b`',
  'ampersand in code': '```\nif (a && b) x &= 1;\n```',
};

describe('buildMarkdown: the same tree as the sanitiser path', () => {
  it.each(Object.entries(CASES))('%s', (_name, source) => {
    const fragment = built(source);

    expect(fragment, 'built, not left to the sanitiser').not.toBeNull();
    expect(canonical(fragment)).toBe(sanitised(source));
  });

  it('for every part of a long message like the benchmark one', () => {
    const block = (i: number) =>
      `## Section ${i}\n\nSome **bold** and _italic_ text with a [link](https://example.com/${i}) and \`code\`.\n\n` +
      `- item one\n- item two\n  - nested\n\n| a | b |\n|---|---|\n| ${i} | ${i * 2} |\n\n\`\`\`\nconst x = ${i};\n\`\`\`\n\n`;
    let source = '';
    for (let i = 0; source.length < 40_000; i++) source += block(i);
    const parts = markdownToHtmlParts(source);

    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) expect(canonical(built(part.source))).toBe(sanitised(part.source));
  });

  it('for 400 documents put together at random from the cases', () => {
    // A fixed seed: a failure names a document that can be made again.
    let seed = 20261203;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = Object.values(CASES).flatMap((source) => source.split(/(?<=\n)/));
    const joins = ['', '\n', '\n\n', ' ', '  \n', '\n- ', '\n> ', '\n1. ', '\n    ', '**', '_'];
    let compared = 0;
    for (let n = 0; n < 400; n++) {
      let source = '';
      const count = 1 + Math.floor(random() * 12);
      for (let i = 0; i < count; i++) {
        source += pieces[Math.floor(random() * pieces.length)]!;
        source += joins[Math.floor(random() * joins.length)]!;
      }
      const fragment = built(source);
      if (!fragment) continue;
      compared++;
      expect(canonical(fragment), `document ${n}: ${JSON.stringify(source)}`).toBe(
        sanitised(source),
      );
    }
    expect(compared).toBeGreaterThan(300);
  });
});

describe('buildMarkdown: what it leaves to the sanitiser', () => {
  it.each([
    ['raw HTML', 'text <b>bold</b>'],
    ['an HTML block', '<div>\nblock\n</div>'],
    ['an angle-bracket autolink', '<https://example.com>'],
    ['an angle-bracket link destination', '[with space](<https://example.com/e f>)'],
    ['a named character reference', 'AT&amp;T'],
    ['a decimal character reference', '&#169; 2026'],
    ['a hexadecimal character reference', '&#xA9; 2026'],
    ['a name with a semicolon, even an unknown one', 'a &whatever; b'],
    ['a reference inside a link', '[x](https://example.com/?a=1&amp;b=2)'],
    ['a task list', '- [ ] todo\n- [x] done'],
  ])('%s', (_name, source) => {
    expect(built(source)).toBeNull();
  });
});

describe('buildMarkdown: safety', () => {
  it('keeps no script URL, opens links apart, and makes images in the inert document', () => {
    const fragment = built(
      '[x](javascript:alert(1)) [y](https://example.com/) ![i](https://example.com/i.png)',
    )!;
    const [bad, good] = Array.from(fragment.querySelectorAll('a'));
    const image = fragment.querySelector('img')!;

    expect(bad!.hasAttribute('href')).toBe(false);
    expect(bad!.hasAttribute('target')).toBe(false);
    expect(good!.getAttribute('href')).toBe('https://example.com/');
    expect(good!.getAttribute('target')).toBe('_blank');
    expect(good!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(image.ownerDocument).not.toBe(document);
    expect(image.ownerDocument.defaultView).toBeNull();
  });
});
