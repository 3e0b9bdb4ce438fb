import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../../lib/push/api';
import { parseFrame } from '../../../lib/push/frames';
import { TEXT_LIMITS, URL_MAX, fromListItem, receivedAt } from '../../../lib/push/incoming';
import type { MessageFields } from '../../../lib/message';

const NOW = 1_700_000_000_000;

/**
 * The two ways a message arrives, each reduced to its message fields (or null when the
 * message is refused): a 20001 frame on the socket and a list-v2 item from catch-up.
 */
const paths: [string, (raw: Record<string, unknown>) => MessageFields | null][] = [
  [
    '20001 frame',
    (raw) => {
      const { mid, ...rest } = raw;
      const result = parseFrame(JSON.stringify({ msgType: 20001, mid, ...rest }));
      if (!result.ok || result.frame.msgType !== 20001) return null;
      const { msgType: _, createTime: __, ...fields } = result.frame;
      return fields;
    },
  ],
  [
    'list-v2 item',
    (raw) => {
      const { mid, ...rest } = raw;
      const message = fromListItem({ messageId: mid, ...rest } as unknown as ListItem, NOW);
      if (!message) return null;
      const { createTime: _, read: __, ...fields } = message;
      return fields;
    },
  ],
];

const DEFAULTS: MessageFields = {
  mid: 1,
  qid: '',
  title: '',
  name: '',
  summary: '',
  content: '',
  contentType: 1,
  url: '',
  sourceUrl: '',
};
const longUrl = `https://example.com/${'a'.repeat(URL_MAX)}`;

/** [case, raw fields (`mid` is the id under either name), the fields both paths must give]. */
const table: [string, Record<string, unknown>, Partial<MessageFields> | null][] = [
  ['a minimal message', { mid: 1 }, {}],
  [
    'a full message',
    {
      mid: 42,
      qid: 'q42',
      title: 'Title',
      name: 'App',
      summary: 'Summary',
      content: '<b>hi</b>',
      contentType: 2,
      url: 'https://example.com/detail/q42',
      sourceUrl: 'http://source.example/x',
    },
    {
      mid: 42,
      qid: 'q42',
      title: 'Title',
      name: 'App',
      summary: 'Summary',
      content: '<b>hi</b>',
      contentType: 2,
      url: 'https://example.com/detail/q42',
      sourceUrl: 'http://source.example/x',
    },
  ],
  ['a digit-string id', { mid: '123456' }, { mid: 123456 }],
  ['a zero id', { mid: 0 }, null],
  ['a negative id', { mid: -3 }, null],
  ['a float id', { mid: 1.5 }, null],
  ['an unsafe id', { mid: 2 ** 53 }, null],
  ['a boolean id', { mid: true }, null],
  ['an exponent string id', { mid: '1e3' }, null],
  ['a missing id', {}, null],
  ['a numeric qid', { mid: 1, qid: 99 }, { qid: '99' }],
  [
    'text of the wrong type',
    { mid: 1, title: 5, name: null, summary: [], content: {}, qid: true },
    {},
  ],
  [
    'text over its cap',
    {
      mid: 1,
      title: 't'.repeat(5000),
      summary: 's'.repeat(5000),
      name: 'n'.repeat(5000),
      qid: 'q'.repeat(5000),
      content: 'c'.repeat(110_000),
    },
    {
      title: 't'.repeat(TEXT_LIMITS.title),
      summary: 's'.repeat(TEXT_LIMITS.summary),
      name: 'n'.repeat(TEXT_LIMITS.name),
      qid: 'q'.repeat(TEXT_LIMITS.qid),
      content: 'c'.repeat(TEXT_LIMITS.content),
    },
  ],
  ['markdown', { mid: 1, contentType: 3 }, { contentType: 3 }],
  ['an unknown contentType', { mid: 1, contentType: 4 }, { contentType: 1 }],
  ['a string contentType', { mid: 1, contentType: '2' }, { contentType: 1 }],
  ['a link over URL_MAX (dropped, not cut)', { mid: 1, url: longUrl, sourceUrl: longUrl }, {}],
  [
    'a link of exactly URL_MAX',
    { mid: 1, url: longUrl.slice(0, URL_MAX) },
    { url: longUrl.slice(0, URL_MAX) },
  ],
  ['a javascript: link', { mid: 1, url: 'javascript:alert(1)', sourceUrl: 'javascript:x' }, {}],
  ['a link that does not parse', { mid: 1, url: 'https:// bad', sourceUrl: 'https://' }, {}],
  ['a protocol-relative link', { mid: 1, url: '//example.com/x' }, {}],
  ['a link that is not a string', { mid: 1, url: 42, sourceUrl: null }, {}],
  [
    'upper-case schemes',
    { mid: 1, url: 'HTTPS://EXAMPLE.COM/x', sourceUrl: 'HTTP://a.b/' },
    { url: 'HTTPS://EXAMPLE.COM/x', sourceUrl: 'HTTP://a.b/' },
  ],
];

describe.each(paths)('incoming message fields: %s', (_path, read) => {
  it.each(table)('%s', (_case, raw, expected) => {
    expect(read(raw)).toEqual(expected === null ? null : { ...DEFAULTS, ...expected });
  });
});

describe('fromListItem', () => {
  it.each([
    [1_600_000_000_000, 1_600_000_000_000],
    ['1600000000000', 1_600_000_000_000],
    [undefined, NOW],
    [0, NOW],
    [-5, NOW],
    ['soon', NOW],
    [NOW + 1, NOW], // from the future: clamped to the time of the fetch
    [8_000_000_000_000, NOW],
  ])('createTime %j → %j', (createTime, expected) => {
    expect(fromListItem({ messageId: 1, createTime } as ListItem, NOW)?.createTime).toBe(expected);
  });

  it('reads `read` only when it is true', () => {
    expect(fromListItem({ messageId: 1, read: true }, NOW)?.read).toBe(true);
    expect(fromListItem({ messageId: 1, read: 'yes' } as unknown as ListItem, NOW)?.read).toBe(
      false,
    );
  });

  it('refuses items that are not objects', () => {
    expect(fromListItem(null as unknown as ListItem, NOW)).toBeNull();
    expect(fromListItem('x' as unknown as ListItem, NOW)).toBeNull();
  });

  it('ignores fields that only exist on the prototype', () => {
    const item = JSON.parse('{"messageId":1,"__proto__":{"title":"evil"}}') as ListItem;
    expect(fromListItem(item, NOW)?.title).toBe('');
  });
});

describe('receivedAt', () => {
  it('keeps a past time, and clamps a missing or future one to the receive time', () => {
    expect(receivedAt(NOW - 5, NOW)).toBe(NOW - 5);
    expect(receivedAt(NOW, NOW)).toBe(NOW);
    expect(receivedAt(NOW + 60_000, NOW)).toBe(NOW);
    expect(receivedAt(undefined, NOW)).toBe(NOW);
  });
});
