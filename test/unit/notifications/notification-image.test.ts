import { describe, expect, it } from 'vitest';
import { firstImageUrl } from '../../../lib/notifications/first-image';
import {
  IMAGE_MAX_BYTES,
  createNotificationImages,
} from '../../../lib/notifications/notification-image';
import { message } from '../helpers';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('first image of a body', () => {
  it.each([
    [
      'html, double quotes',
      '<p>x</p><img alt="a" src="https://img.test/a.png">',
      2,
      'https://img.test/a.png',
    ],
    [
      'html, entities decoded',
      "<img src='https://img.test/a.png?x=1&amp;y=2'>",
      2,
      'https://img.test/a.png?x=1&y=2',
    ],
    ['markdown', 'Look: ![chart](https://img.test/c.png "t")', 3, 'https://img.test/c.png'],
    [
      'markdown, the earlier of html and markdown',
      '<img src="https://img.test/1.png"> ![b](https://img.test/2.png)',
      3,
      'https://img.test/1.png',
    ],
    ['a data: raster image', `<img src="${PNG}">`, 2, PNG],
    ['never javascript:', '<img src="javascript:alert(1)">', 2, null],
    ['never svg data', '<img src="data:image/svg+xml;base64,PHN2Zz4=">', 2, null],
    ['never a relative address (our own origin)', '<img src="/icon/128.png">', 2, null],
    ['none in text', 'https://img.test/a.png', 1, null],
  ])('%s', (_what, content, contentType, expected) => {
    expect(firstImageUrl(content, contentType)).toBe(expected);
  });
});

function setup(opts: { block?: boolean; response?: () => Promise<Response> } = {}) {
  const updates: Array<{ id: string; options: object }> = [];
  const fetched: Array<{ url: string; init?: RequestInit }> = [];
  const images = createNotificationImages({
    notifications: {
      update: async (id, options) => {
        updates.push({ id, options });
        return true;
      },
    },
    fetch: (async (url: string, init?: RequestInit) => {
      fetched.push({ url, init });
      return (
        opts.response ??
        (async () =>
          new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } }))
      )();
    }) as typeof fetch,
    blockImages: () => opts.block ?? false,
  });
  return { images, updates, fetched };
}

const withImage = (src: string) => message({ content: `<img src="${src}">`, contentType: 2 });

describe('notification images', () => {
  it('fetches a remote image without cookies or referrer and shows it as a data: URL', async () => {
    const { images, updates, fetched } = setup();
    expect(await images.attach('wxp-msg:1', withImage('https://img.test/a.png'))).toBe('shown');
    expect(fetched[0]).toMatchObject({
      url: 'https://img.test/a.png',
      init: { credentials: 'omit', referrerPolicy: 'no-referrer' },
    });
    expect(updates).toEqual([
      { id: 'wxp-msg:1', options: { type: 'image', imageUrl: 'data:image/png;base64,AQID' } },
    ]);
  });

  it('keeps remote images blocked under the full view setting, but shows one inside the message', async () => {
    const { images, updates, fetched } = setup({ block: true });
    expect(await images.attach('n', withImage('https://img.test/a.png'))).toBe('blocked');
    expect(fetched).toEqual([]);
    expect(await images.attach('n', withImage(PNG))).toBe('shown');
    expect(updates).toEqual([{ id: 'n', options: { type: 'image', imageUrl: PNG } }]);
  });

  it.each([
    ['a host that refuses the fetch', () => Promise.reject(new TypeError('Failed to fetch'))],
    [
      'a page that is not an image',
      async () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
    ],
    [
      'an error status',
      async () => new Response('', { status: 404, headers: { 'content-type': 'image/png' } }),
    ],
    [
      'an image too large',
      async () =>
        new Response(new Uint8Array(IMAGE_MAX_BYTES + 1), {
          headers: { 'content-type': 'image/png' },
        }),
    ],
  ])('skips %s cleanly: the notification stays as it was', async (_what, response) => {
    const { images, updates } = setup({ response });
    expect(await images.attach('n', withImage('https://img.test/a.png'))).toBe('skipped');
    expect(updates).toEqual([]);
  });

  it('does nothing for a message without an image', async () => {
    const { images, fetched } = setup();
    expect(await images.attach('n', message({ content: 'plain' }))).toBe('none');
    expect(fetched).toEqual([]);
  });
});
