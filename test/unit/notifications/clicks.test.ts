import { describe, expect, it, vi } from 'vitest';
import { createNotificationClicks } from '../../../lib/notifications/clicks';
import { SUMMARY_NOTIFICATION_ID, notificationIdFor } from '../../../lib/notifications/mapper';
import { createPageOpener } from '../../../lib/worker/open-page';
import { message } from '../helpers';

/** Tabs as Chrome keeps them: ids, which is active, which extension page each shows. */
function fakeTabs() {
  const tabs: string[] = [];
  const open = new Map<number, string>();
  const focused: number[] = [];
  let nextId = 1;
  const api = {
    runtime: {
      getURL: (path: string) => `chrome-extension://x${path}`,
      getContexts: async ({ documentUrls = [] }: { documentUrls?: string[] }) =>
        [...open]
          .filter(([, url]) => documentUrls.includes(url))
          .map(([tabId]) => ({ tabId, windowId: 1 })),
    },
    tabs: {
      create: async ({ url }: { url: string }) => {
        // Chrome lists a new tab's document only once it has loaded: not yet here.
        await new Promise((r) => setTimeout(r, 5));
        const id = nextId++;
        tabs.push(url);
        setTimeout(() => open.set(id, url), 20);
        return { id, windowId: 1 };
      },
      update: async (tabId: number) => void focused.push(tabId),
    },
    windows: { update: async () => undefined },
  };
  return { api, tabs, focused, open };
}

function setup(openPopup?: () => Promise<void>) {
  const fake = fakeTabs();
  const { tabs } = fake;
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
      tabs: fake.api.tabs,
    },
    openPage: createPageOpener(fake.api),
    store: { get: async (mid) => rows.get(mid) },
    actions: { markRead },
  });
  return { clicks, tabs, cleared, markRead, fake };
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

  it('a second click (or a double click) brings the open view forward instead of a second tab', async () => {
    const t = setup();
    // A double click: both clicks arrive before the first tab has even loaded.
    await Promise.all([
      t.clicks.clicked(notificationIdFor(7)),
      t.clicks.clicked(notificationIdFor(7)),
    ]);
    expect(t.tabs).toEqual(['chrome-extension://x/message.html?id=7']);
    expect(t.fake.focused).toEqual([1]);

    // Later, once the view is listed as an open tab: brought forward again.
    await new Promise((r) => setTimeout(r, 30));
    await t.clicks.clicked(notificationIdFor(7));
    expect(t.tabs).toHaveLength(1);
    expect(t.fake.focused).toEqual([1, 1]);

    // Closed meanwhile: a new tab.
    t.fake.open.clear();
    await t.clicks.clicked(notificationIdFor(8));
    expect(t.tabs).toEqual([
      'chrome-extension://x/message.html?id=7',
      'chrome-extension://x/message.html?id=8',
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
