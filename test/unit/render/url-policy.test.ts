import { describe, expect, it } from 'vitest';
import { isRemoteUrl, safeImageSrc, safeLinkHref } from '../../../lib/render/url-policy';

describe('safeLinkHref', () => {
  it.each<[string, string | null]>([
    ['https://e.com/a b', 'https://e.com/a%20b'],
    ['mailto:x@e.com', 'mailto:x@e.com'],
    ['tel:10086', 'tel:10086'],
    ['java\tscript:alert(1)', null],
    ['\u0001javascript:alert(1)', null],
    [' JavaScript:alert(1)', null],
    ['data:text/html,x', null],
    ['blob:https://e.com/uuid', null],
    ['relative', null],
    ['', null],
  ])('%j -> %j', (input, expected) => {
    expect(safeLinkHref(input)).toBe(expected);
  });
});

describe('safeImageSrc', () => {
  it.each<[string, string | null]>([
    ['https://e.com/a.png', 'https://e.com/a.png'],
    ['data:image/png;base64,AAAA', 'data:image/png;base64,AAAA'],
    ['data:image/jpeg;base64,/9j/4A==', 'data:image/jpeg;base64,/9j/4A=='],
    ['data:image/svg+xml;base64,PHN2Zz4=', null],
    ['data:image/png,raw', null],
    ['data:text/html;base64,PHNjcmlwdD4=', null],
    ['javascript:alert(1)', null],
    ['x', null],
  ])('%j -> %j', (input, expected) => {
    expect(safeImageSrc(input)).toBe(expected);
  });
});

describe('isRemoteUrl', () => {
  it.each<[string, boolean]>([
    ['https://e.com/p.gif', true],
    ['http://e.com/p.gif', true],
    ['data:image/png;base64,AAAA', false],
    ['x', false],
  ])('%j -> %s', (input, expected) => {
    expect(isRemoteUrl(input)).toBe(expected);
  });
});
