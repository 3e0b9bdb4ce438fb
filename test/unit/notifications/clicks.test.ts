import { describe, expect, it, vi } from 'vitest';
import { createNotificationClicks } from '../../../lib/notifications/clicks';
import { SUMMARY_NOTIFICATION_ID, notificationIdFor } from '../../../lib/notifications/mapper';
import { message } from '../helpers';

function setup(openPopup?: () => Promise<void>) {
  const tabs: string[] = [];
  const cleared: string[] = [];
  const markRead = vi.fn(async () => undefined);
  const rows = new Map([
    [7, message({ mid: 7, sourceUrl: 'https://source.example/7' })],
    [8, message({ mid: 8 })],
  ]);
  const clicks = createNotificationClicks({
    browser: {
      notifications: { clear: async (id: string) => (cleared.push(id), true) } as never,
      action: { setBadgeText: async () => undefined, openPopup },
      tabs: { create: async ({ url }) => void tabs.push(url) },
      runtime: { getURL: (path: string) => `chrome-extension://x${path}` } as never,
    },
    store: { get: async (mid) => rows.get(mid) },
    actions: { markRead },
  });
  return { clicks, tabs, cleared, markRead };
}

describe('notification clicks', () => {
  it('a body click opens the message and marks it read through the message actions', async () => {
    const t = setup();
    await t.clicks.clicked(notificationIdFor(7));
    expect(t.cleared).toEqual(['wxp-msg:7']);
    expect(t.tabs).toEqual(['chrome-extension://x/message.html?id=7']);
    expect(t.markRead).toHaveBeenCalledExactlyOnceWith([7], true);
  });

  it('the summary opens the popup, or a tab with the list when it cannot', async () => {
    const openPopup = vi.fn(async () => undefined);
    const withPopup = setup(openPopup);
    await withPopup.clicks.clicked(SUMMARY_NOTIFICATION_ID);
    expect(openPopup).toHaveBeenCalledOnce();
    expect(withPopup.tabs).toEqual([]);

    const without = setup(async () => {
      throw new Error('no focused window');
    });
    await without.clicks.clicked(SUMMARY_NOTIFICATION_ID);
    expect(without.tabs).toEqual(['chrome-extension://x/popup.html?tab=1']);
    expect(without.markRead).not.toHaveBeenCalled();
  });

  it('"open" opens the sender link and marks read; "mark read" only marks read', async () => {
    const t = setup();
    await t.clicks.buttonClicked(notificationIdFor(7), 0);
    expect(t.tabs).toEqual(['https://source.example/7']);
    await t.clicks.buttonClicked(notificationIdFor(8), 0);
    expect(t.tabs).toHaveLength(1);
    expect(t.markRead.mock.calls).toEqual([
      [[7], true],
      [[8], true],
    ]);
  });

  it('ignores notifications that are not ours', async () => {
    const t = setup();
    await t.clicks.buttonClicked('other', 0);
    await t.clicks.clicked('other');
    expect(t.markRead).not.toHaveBeenCalled();
    expect(t.tabs).toEqual([]);
  });
});
