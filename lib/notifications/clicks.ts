import { SUMMARY_NOTIFICATION_ID, buttonActions, midFromNotificationId } from './mapper';
import type { WorkerCore } from '../worker/index';
import type { WorkerBrowser } from '../worker/browser';

/** What a click on a notification or one of its buttons does (issue 3). */
export function createNotificationClicks(
  core: WorkerCore,
  browser: WorkerBrowser & {
    notifications: { clear(id: string): Promise<boolean> };
    action: { openPopup?: () => Promise<void> };
  },
  handlers: { markRead(data: { mids: number[]; read: boolean }): unknown },
) {
  const open = (path: string) => browser.tabs.create({ url: browser.runtime.getURL(path) });

  return {
    /** Body click: the message's full view (and read), or the list for a summary. */
    async clicked(id: string) {
      await browser.notifications.clear(id);
      if (id === SUMMARY_NOTIFICATION_ID) {
        try {
          if (!browser.action.openPopup) throw new Error('no openPopup');
          await browser.action.openPopup();
        } catch {
          // openPopup needs a focused window (and Chrome 127+): a tab shows the same list.
          await open('/popup.html?tab=1');
        }
        return;
      }
      const mid = midFromNotificationId(id);
      if (mid === null) return;
      await open(`/message.html?id=${mid}`);
      await handlers.markRead({ mids: [mid], read: true });
    },

    async buttonClicked(id: string, index: number) {
      const mid = midFromNotificationId(id);
      if (mid === null) return;
      const message = await core.store.get(mid);
      const action = message ? buttonActions(message)[index] : 'read';
      await browser.notifications.clear(id);
      if (action === 'open' && message) {
        await browser.tabs.create({ url: message.sourceUrl || message.url });
      }
      await handlers.markRead({ mids: [mid], read: true });
    },
  };
}
