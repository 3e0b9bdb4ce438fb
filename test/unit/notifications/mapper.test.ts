import { describe, expect, it } from 'vitest';
import {
  badgeText,
  midFromNotificationId,
  notificationIdFor,
  toNotification,
} from '../../../lib/notifications/mapper';
import { message } from '../helpers';

const opts = {
  iconUrl: 'chrome-extension://x/icon/128.png',
  requireInteraction: true,
  labels: { fallbackTitle: 'WxPusher', openLink: 'Open link', markRead: 'Mark as read' },
};

describe('toNotification', () => {
  it.each([
    ['title wins', { title: 'T', name: 'App' }, 'T'],
    ['else the app name', { name: 'App' }, 'App'],
    ['else WxPusher', {}, 'WxPusher'],
    ['blank title falls through', { title: '  ', name: 'App' }, 'App'],
  ])('title: %s', (_n, over, title) => {
    expect(toNotification(message(over), opts).title).toBe(title);
  });

  it.each([
    ['summary', { summary: 'S', content: 'C' }, 'S'],
    [
      'the text when the summary repeats the title',
      { title: 'S', summary: 'S', content: 'C' },
      'C',
    ],
    ['the summary when there is no text', { title: 'S', summary: 'S' }, 'S'],
    ['start of text content', { content: 'hello world' }, 'hello world'],
    [
      'markdown stripped',
      { content: '# Title\n**bold** text', contentType: 3 as const },
      'Title bold text',
    ],
    [
      'html stripped',
      { content: '<p>Hi <b>there</b></p><script>x</script>', contentType: 2 as const },
      'Hi there',
    ],
  ])('body: %s', (_n, over, body) => {
    expect(toNotification(message(over), opts).message).toBe(body);
  });

  it('has Open link only when there is a link, silent, sticky from settings, app as context', () => {
    const withLink = toNotification(message({ url: 'https://x', name: 'App' }), opts);
    expect(withLink.buttons.map((b) => b.title)).toEqual(['Open link', 'Mark as read']);
    expect(withLink.silent).toBe(true);
    expect(withLink.requireInteraction).toBe(true);
    expect(withLink.contextMessage).toBe('App');
    const without = toNotification(message(), { ...opts, requireInteraction: false });
    expect(without.buttons.map((b) => b.title)).toEqual(['Mark as read']);
    expect(without.requireInteraction).toBe(false);
  });
});

describe('badgeText and ids', () => {
  it.each([
    [0, ''],
    [-1, ''],
    [1, '1'],
    [99, '99'],
    [100, '99+'],
  ])('%i → %s', (n, text) => expect(badgeText(n)).toBe(text));

  it('round-trips notification ids', () => {
    expect(midFromNotificationId(notificationIdFor(42))).toBe(42);
    expect(midFromNotificationId('wxp-summary')).toBeNull();
    expect(midFromNotificationId('other')).toBeNull();
  });
});
