import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { StoredMessage } from '../../../lib/message';
import { RENDERED_VERSION } from '../../../lib/render/rendered-body';
import {
  SERVED_ROW_ID,
  isServed,
  readServedRow,
  reloadIfCut,
  servedRowBlock,
  splitServed,
  type ServedRow,
} from '../../../lib/ui/served-row';

const TEMPLATE = readFileSync('entrypoints/message/index.html', 'utf8');

const message = (over: Partial<StoredMessage> = {}): StoredMessage => ({
  mid: 42,
  qid: 'q42',
  account: 3,
  title: 'disk almost full',
  name: 'monitor',
  summary: 'disk',
  content: 'body',
  contentType: 1,
  url: '',
  sourceUrl: '',
  createTime: 1_000,
  receivedAt: 2_000,
  unread: 1,
  searchText: 'disk almost full\nbody',
  ...over,
});

/** The document a browser parses from what the worker streams. */
function served(row: ServedRow | null): Document {
  const parts = splitServed(TEMPLATE)!;
  const html = parts.head + (row ? servedRowBlock(row) : '') + parts.tail;
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('served-row', () => {
  it('cuts message.html before its last script and marks it before its first', () => {
    const parts = splitServed(TEMPLATE)!;
    expect(parts.tail.startsWith('<script')).toBe(true);
    expect(parts.tail).toContain('message-app.js');
    expect(parts.head).not.toContain('message-app.js');
    // The mark comes before the early read's script, which looks for it.
    expect(parts.head.indexOf('wxp-served')).toBeLessThan(parts.head.indexOf('message-early.js'));
    expect((parts.head + parts.tail).replace(/<meta name="wxp-served"[^>]*>/, '')).toBe(TEMPLATE);
    expect(splitServed('<p>no script</p>')).toBeNull();
  });

  it('gives the page the row, without its search text, in a served document', () => {
    const row = { account: 3, message: message() };
    const doc = served(row);
    expect(isServed(doc)).toBe(true);
    expect(readServedRow(doc, '?id=42')).toEqual({
      account: 3,
      message: message({ searchText: '' }),
    });
    expect(readServedRow(doc, '?id=42&account=3')?.message.mid).toBe(42);
  });

  it('gives the page the blockImages setting served beside the row, and nothing else as it', () => {
    for (const blockImages of [true, false]) {
      expect(
        readServedRow(served({ account: 3, message: message(), blockImages }), '?id=42'),
      ).toEqual({ account: 3, message: message({ searchText: '' }), blockImages });
    }
    const odd = served({ account: 3, message: message(), blockImages: 'yes' as never });
    expect(readServedRow(odd, '?id=42')).toEqual({
      account: 3,
      message: message({ searchText: '' }),
    });
  });

  it('keeps hostile text one JSON block: nothing in it ends the block or adds an element', () => {
    const hostile =
      '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> </SCRIPT >';
    const row = { account: 3, message: message({ title: hostile, content: hostile.repeat(3) }) };
    const plain = new DOMParser().parseFromString(TEMPLATE, 'text/html');
    const doc = served(row);
    expect(doc.querySelectorAll('script').length).toBe(plain.querySelectorAll('script').length + 1);
    expect(doc.querySelectorAll('img').length).toBe(0);
    expect(doc.getElementById(SERVED_ROW_ID)?.getAttribute('type')).toBe('application/json');
    expect(readServedRow(doc, '?id=42')?.message.title).toBe(hostile);
    expect(readServedRow(doc, '?id=42')?.message.content).toBe(hostile.repeat(3));
  });

  it('writes no `</` and no `<!` into the block, and reads back any text exactly', () => {
    // Random text over the characters that could end a script's text or change how it is read.
    const pieces = [
      '<',
      '/',
      '!',
      '-',
      '>',
      'script',
      'SCRIPT',
      ' ',
      '"',
      '\\',
      'u003c',
      '\n',
      '字',
    ];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 40 }, () => pieces[next() % pieces.length]).join('');
      const block = servedRowBlock({
        account: 3,
        message: message({ title: text, content: text }),
      });
      const inner = block.slice(block.indexOf('>') + 1, -'</script>'.length);
      expect(inner).not.toMatch(/<[/!]/);
      const doc = served({ account: 3, message: message({ title: text, content: text }) });
      expect(doc.querySelectorAll('script[type="application/json"]').length).toBe(1);
      expect(readServedRow(doc, '?id=42')?.message.title).toBe(text);
      expect(readServedRow(doc, '?id=42')?.message.content).toBe(text);
    }
  });

  it('leaves out the content of a message the page shows from its rendering, and says how long it is', () => {
    const long = `<p>${'report line '.repeat(1_000)}</p>`;
    const rendered = (content: string, v = RENDERED_VERSION) => ({
      v,
      length: content.length,
      parts: ['<p>report</p>'],
    });
    const shown = message({ content: long, contentType: 2, rendered: rendered(long) });
    const doc = served({ account: 3, message: shown });
    expect(doc.getElementById(SERVED_ROW_ID)!.textContent).not.toContain('report line');
    expect(readServedRow(doc, '?id=42')).toEqual({
      account: 3,
      message: { ...shown, content: '', searchText: '' },
      contentLength: long.length,
    });
    // Kept where the page would render the content itself: no rendering, an older renderer's,
    // one of other content; and where there is nothing to render (blank).
    const blank = ' '.repeat(9_000);
    for (const kept of [
      message({ content: long, contentType: 2 }),
      message({ content: long, contentType: 2, rendered: rendered(long, RENDERED_VERSION - 1) }),
      message({ content: long, contentType: 2, rendered: rendered(`${long} `) }),
      message({ content: blank, contentType: 2, rendered: rendered(blank) }),
    ]) {
      const row = readServedRow(served({ account: 3, message: kept }), '?id=42')!;
      expect(row.message.content).toBe(kept.content);
      expect(row.contentLength).toBeUndefined();
    }
    // A length beside content in hand, or not a length, is not taken.
    const odd = (contentLength: unknown, content: string) => {
      const doc = served({ account: 3, message: message({ content }) });
      const block = doc.getElementById(SERVED_ROW_ID)!;
      block.textContent = JSON.stringify({ ...JSON.parse(block.textContent!), contentLength });
      return readServedRow(doc, '?id=42')?.contentLength;
    };
    expect(odd(12, 'body')).toBeUndefined();
    expect(odd(-1, '')).toBeUndefined();
    expect(odd('12', '')).toBeUndefined();
    expect(odd(12.5, '')).toBeUndefined();
    expect(odd(12, '')).toBe(12);
  });

  it('takes no row that is not the one the address names, and none from a packaged page', () => {
    const doc = served({ account: 3, message: message() });
    expect(readServedRow(doc, '?id=43')).toBeNull();
    expect(readServedRow(doc, '?id=42&account=4')).toBeNull();
    expect(readServedRow(served({ account: 4, message: message() }), '?id=42')).toBeNull();
    const packaged = new DOMParser().parseFromString(TEMPLATE, 'text/html');
    expect(isServed(packaged)).toBe(false);
    expect(readServedRow(packaged, '?id=42')).toBeNull();
    // Served without a row (not found): marked, nothing to read.
    expect(isServed(served(null))).toBe(true);
    expect(readServedRow(served(null), '?id=42')).toBeNull();
    const broken = served(null);
    const block = broken.createElement('script');
    block.id = SERVED_ROW_ID;
    block.textContent = '{"account": 3, "message": ';
    broken.body.append(block);
    expect(readServedRow(broken, '?id=42')).toBeNull();
  });
});

describe('a served page cut short', () => {
  const store = () => {
    const items = new Map<string, string>();
    return {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
    };
  };

  it('is loaded again once when it ends before the page code, and only then', () => {
    const parts = splitServed(TEMPLATE)!;
    const cut = new DOMParser().parseFromString(parts.head, 'text/html');
    const whole = served({ account: 3, message: message() });
    whole.getElementById('app')!.append(whole.createElement('main'));
    const packaged = new DOMParser().parseFromString(TEMPLATE, 'text/html');
    const storage = store();
    const reload = vi.fn();
    reloadIfCut(whole, storage, reload);
    reloadIfCut(packaged, storage, reload);
    expect(reload).not.toHaveBeenCalled();
    reloadIfCut(cut, storage, reload);
    expect(reload).toHaveBeenCalledTimes(1);
    // Cut again after the reload: left as it is.
    reloadIfCut(cut, storage, reload);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('is loaded again once when it came whole but its code never started', () => {
    const whole = served({ account: 3, message: message() });
    const storage = store();
    const reload = vi.fn();
    reloadIfCut(whole, storage, reload);
    expect(reload).toHaveBeenCalledTimes(1);
    reloadIfCut(whole, storage, reload);
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
