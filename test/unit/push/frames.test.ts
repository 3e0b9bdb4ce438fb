import { describe, expect, it } from 'vitest';
import {
  MAX_FRAME_CHARS,
  heartbeatFrame,
  parseFrame,
  type FrameRejectReason,
  type PushMessageFrame,
} from '../../../lib/push/frames';
import { TEXT_LIMITS } from '../../../lib/push/incoming';

const push = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    msgType: 20001,
    mid: 42,
    qid: 'q42',
    title: 'Title',
    name: 'App',
    summary: 'Summary',
    content: '<b>hi</b>',
    contentType: 2,
    url: 'https://example.com/detail/q42',
    sourceUrl: 'http://source.example/x',
    createTime: 1_700_000_000_000,
    ...over,
  });

function parsePush(raw: string): PushMessageFrame {
  const result = parseFrame(raw);
  if (!result.ok || result.frame.msgType !== 20001) {
    throw new Error(`expected a push frame, got ${JSON.stringify(result)}`);
  }
  return result.frame;
}

describe('parseFrame: valid frames', () => {
  it('parses a full 20001 push', () => {
    expect(parseFrame(push())).toEqual({
      ok: true,
      frame: {
        msgType: 20001,
        mid: 42,
        qid: 'q42',
        title: 'Title',
        name: 'App',
        summary: 'Summary',
        content: '<b>hi</b>',
        contentType: 2,
        url: 'https://example.com/detail/q42',
        sourceUrl: 'http://source.example/x',
        createTime: 1_700_000_000_000,
      },
    });
  });

  it('fills defaults for a minimal 20001 push', () => {
    expect(parseFrame('{"msgType":20001,"mid":7}')).toEqual({
      ok: true,
      frame: {
        msgType: 20001,
        mid: 7,
        qid: '',
        title: '',
        name: '',
        summary: '',
        content: '',
        contentType: 1,
        url: '',
        sourceUrl: '',
      },
    });
  });

  it.each([
    ['{"msgType":201}', { msgType: 201 }],
    ['{"msgType":201,"createTime":5}', { msgType: 201, createTime: 5 }],
    ['{"msgType":202,"pushToken":"PT_abc"}', { msgType: 202, pushToken: 'PT_abc' }],
    ['{"msgType":203,"msg":"bad token"}', { msgType: 203, msg: 'bad token' }],
    ['{"msgType":203}', { msgType: 203, msg: '' }],
    [
      '{"msgType":204,"title":"New","content":"c","version":"2.0","must":1,"url":"https://x.y/d"}',
      {
        msgType: 204,
        title: 'New',
        content: 'c',
        version: '2.0',
        must: true,
        url: 'https://x.y/d',
      },
    ],
    [
      '{"msgType":204,"must":0}',
      { msgType: 204, title: '', content: '', version: '', must: false, url: '' },
    ],
    [
      '{"msgType":204,"must":"yes"}',
      { msgType: 204, title: '', content: '', version: '', must: false, url: '' },
    ],
  ])('parses %s', (raw, frame) => {
    expect(parseFrame(raw)).toEqual({ ok: true, frame });
  });
});

describe('parseFrame: rejects', () => {
  const cases: [string, unknown, FrameRejectReason][] = [
    ['an ArrayBuffer', new ArrayBuffer(8), 'not-text'],
    ['a Uint8Array', new Uint8Array([123, 125]), 'not-text'],
    ['null', null, 'not-text'],
    ['undefined', undefined, 'not-text'],
    ['a number', 20001, 'not-text'],
    ['an object', { msgType: 201 }, 'not-text'],
    ['a huge string', `{"msgType":201,"x":"${'a'.repeat(MAX_FRAME_CHARS)}"}`, 'too-large'],
    ['empty text', '', 'not-json'],
    ['not JSON', 'hello', 'not-json'],
    ['truncated JSON', '{"msgType":20001,"mid":', 'not-json'],
    ['a JSON array', '[{"msgType":201}]', 'not-object'],
    ['JSON null', 'null', 'not-object'],
    ['a JSON number', '201', 'not-object'],
    ['a JSON string', '"{\\"msgType\\":201}"', 'not-object'],
    ['JSON true', 'true', 'not-object'],
    ['no msgType', '{"mid":1}', 'no-msg-type'],
    ['a string msgType', '{"msgType":"201"}', 'no-msg-type'],
    ['a float msgType', '{"msgType":201.5}', 'no-msg-type'],
    ['a null msgType', '{"msgType":null}', 'no-msg-type'],
    ['msgType only in __proto__', '{"__proto__":{"msgType":201}}', 'no-msg-type'],
    ['an unknown msgType', '{"msgType":205}', 'unknown-msg-type'],
    ['a client msgType', '{"msgType":101}', 'unknown-msg-type'],
    ['a missing mid', '{"msgType":20001}', 'invalid-field'],
    ['a null mid', push({ mid: null }), 'invalid-field'],
    ['a zero mid', push({ mid: 0 }), 'invalid-field'],
    ['a negative mid', push({ mid: -3 }), 'invalid-field'],
    ['a float mid', push({ mid: 1.5 }), 'invalid-field'],
    ['an unsafe mid', push({ mid: 2 ** 53 }), 'invalid-field'],
    ['an exponent mid (Infinity)', '{"msgType":20001,"mid":1e400}', 'invalid-field'],
    ['a string mid with letters', push({ mid: '12a' }), 'invalid-field'],
    ['a signed string mid', push({ mid: '-12' }), 'invalid-field'],
    ['a float string mid', push({ mid: '1.0' }), 'invalid-field'],
    ['an empty string mid', push({ mid: '' }), 'invalid-field'],
    ['an unsafe string mid', push({ mid: '9007199254740993' }), 'invalid-field'],
    ['a boolean mid', push({ mid: true }), 'invalid-field'],
    ['an array mid', push({ mid: [1] }), 'invalid-field'],
    ['an object mid', push({ mid: { valueOf: 1 } }), 'invalid-field'],
    ['mid only in __proto__', '{"msgType":20001,"__proto__":{"mid":5}}', 'invalid-field'],
    ['no pushToken', '{"msgType":202}', 'invalid-field'],
    ['an empty pushToken', '{"msgType":202,"pushToken":""}', 'invalid-field'],
    ['a numeric pushToken', '{"msgType":202,"pushToken":123}', 'invalid-field'],
    [
      'a long pushToken',
      JSON.stringify({ msgType: 202, pushToken: 'x'.repeat(257) }),
      'invalid-field',
    ],
  ];

  it.each(cases)('%s → %s', (_name, raw, reason) => {
    const result = parseFrame(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(reason);
  });

  it('names the bad field', () => {
    expect(parseFrame(push({ mid: 'x' }))).toEqual({
      ok: false,
      reason: 'invalid-field',
      detail: 'mid',
    });
  });

  it('accepts a frame of exactly the size limit', () => {
    const prefix = '{"msgType":201,"x":"';
    const raw = `${prefix}${'a'.repeat(MAX_FRAME_CHARS - prefix.length - 2)}"}`;
    expect(raw.length).toBe(MAX_FRAME_CHARS);
    expect(parseFrame(raw).ok).toBe(true);
  });
});

describe('parseFrame: lenient fields', () => {
  it('converts a digit-string mid', () => {
    expect(parsePush(push({ mid: '123456' })).mid).toBe(123456);
  });

  it.each([null, 5.5, true, [], {}, 'x'])('text fields of the wrong type become "" (%j)', (bad) => {
    const frame = parsePush(push({ title: bad, name: bad, summary: bad, content: bad, qid: bad }));
    const expected = typeof bad === 'string' ? bad : '';
    expect([frame.title, frame.name, frame.summary, frame.content, frame.qid]).toEqual(
      Array(5).fill(expected),
    );
  });

  it('keeps a numeric qid as a string', () => {
    expect(parsePush(push({ qid: 99 })).qid).toBe('99');
  });

  it('truncates text over its cap', () => {
    const frame = parsePush(
      push({
        title: 't'.repeat(5000),
        summary: 's'.repeat(5000),
        name: 'n'.repeat(5000),
        content: 'c'.repeat(110_000),
      }),
    );
    expect(frame.title).toHaveLength(TEXT_LIMITS.title);
    expect(frame.summary).toHaveLength(TEXT_LIMITS.summary);
    expect(frame.name).toHaveLength(TEXT_LIMITS.name);
    expect(frame.content).toHaveLength(TEXT_LIMITS.content);
  });

  it.each([0, 4, '2', null, 1.5, NaN])('an invalid contentType %j becomes 1', (contentType) => {
    expect(parsePush(push({ contentType })).contentType).toBe(1);
  });

  it.each([
    ['javascript:alert(1)', ''],
    ['data:text/html,<script>1</script>', ''],
    ['ftp://example.com/x', ''],
    ['//example.com/x', ''],
    [' https://example.com', ''],
    ['https:// bad', ''],
    ['https://', ''],
    [`https://example.com/${'a'.repeat(2000)}`, ''],
    [42, ''],
    [null, ''],
    ['HTTPS://EXAMPLE.COM/x', 'HTTPS://EXAMPLE.COM/x'],
    ['http://localhost:8080/api/message/q1', 'http://localhost:8080/api/message/q1'],
  ])('url %j → %j', (url, expected) => {
    const frame = parsePush(push({ url, sourceUrl: url }));
    expect(frame.url).toBe(expected);
    expect(frame.sourceUrl).toBe(expected);
  });

  it.each([
    [1_700_000_000_000, 1_700_000_000_000],
    ['1700000000000', 1_700_000_000_000],
    [-1, undefined],
    [0, undefined],
    ['soon', undefined],
    [null, undefined],
  ])('createTime %j → %j', (createTime, expected) => {
    expect(parsePush(push({ createTime })).createTime).toBe(expected);
  });

  it('ignores prototype-pollution keys and never pollutes Object.prototype', () => {
    const raw =
      '{"msgType":20001,"mid":1,"__proto__":{"title":"evil","polluted":1},' +
      '"constructor":{"prototype":{"polluted":1}}}';
    const frame = parsePush(raw);
    expect(frame.title).toBe('');
    expect(Object.getPrototypeOf(frame)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a 203 message up to its cap', () => {
    const result = parseFrame(JSON.stringify({ msgType: 203, msg: 'm'.repeat(5000) }));
    expect(result.ok && result.frame.msgType === 203 && result.frame.msg.length).toBe(
      TEXT_LIMITS.msg,
    );
  });
});

describe('parseFrame never throws', () => {
  const hostile: unknown[] = [
    Symbol('x'),
    () => 1,
    BigInt(1),
    new Proxy({}, { get: () => { throw new Error('trap'); } }), // prettier-ignore
    '\u0000',
    '{"msgType":20001,"mid":1,"title":"\uD800"}',
    '{"msgType":1e309}',
    '{"msgType":-0}',
    '{"msgType":20001,"mid":"00001"}',
    '{"msgType":204,"must":{"valueOf":1}}',
    '{"msgType":20001,"mid":1,"url":{"toString":"x"}}',
    '['.repeat(10_000),
    '{"a":'.repeat(5000),
    `{"msgType":20001,"mid":1,${Array.from({ length: 2000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
  ];

  it.each(hostile.map((raw, i) => [i, raw]))('hostile input #%i', (_i, raw) => {
    expect(() => parseFrame(raw)).not.toThrow();
  });

  it('fuzz: random strings and JSON mutations', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = '{}[]":,0123456789-.eE abcmsgTypeidnul\\u';
    for (let i = 0; i < 2000; i++) {
      const base = i % 2 ? push() : '';
      let s = base;
      for (let j = 0; j < 1 + rand() * 20; j++) {
        const pos = Math.floor(rand() * (s.length + 1));
        const ch = alphabet[Math.floor(rand() * alphabet.length)] ?? '';
        s = s.slice(0, pos) + ch + s.slice(pos + (rand() < 0.5 ? 1 : 0));
      }
      expect(() => parseFrame(s)).not.toThrow();
    }
  });
});

describe('heartbeatFrame', () => {
  it('is a 101 with the time', () => {
    expect(heartbeatFrame(1_700_000_000_123)).toBe('{"msgType":101,"createTime":1700000000123}');
    expect(JSON.parse(heartbeatFrame(5))).toEqual({ msgType: 101, createTime: 5 });
  });
});
