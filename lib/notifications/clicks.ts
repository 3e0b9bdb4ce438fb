import type { StoredMessage } from '../message';
import type { WorkerBrowser } from '../worker/browser';
import type { OpenPage } from '../worker/open-page';
import { SUMMARY_NOTIFICATION_ID, buttonActions, midFromNotificationId } from './mapper';

/**
 * What a click on a notification or one of its buttons does (docs/architecture.md §6). Read
 * marks go through the same message actions as the pages'; the message view and the list open
 * through `openPage`, which brings forward a tab already showing them.
 */
export function createNotificationClicks(deps: {
  browser: Pick<WorkerBrowser, 'notifications' | 'action' | 'tabs'>;
  openPage: OpenPage;
  /** The bound account's messages (a notification is always the bound account's). */
  store: { get(mid: number): Promise<StoredMessage | undefined> };
  actions: { markRead(mids: number[], read: boolean): Promise<void> };
}) {
  const { browser } = deps;

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
          await deps.openPage('/popup.html?tab=1');
        }
        return;
      }
      const mid = midFromNotificationId(id);
      if (mid === null) return;
      await deps.openPage(`/message.html?id=${mid}`);
      await deps.actions.markRead([mid], true);
    },

    async buttonClicked(id: string, index: number) {
      const mid = midFromNotificationId(id);
      if (mid === null) return;
      const message = await deps.store.get(mid);
      const action = message ? buttonActions(message)[index] : 'read';
      await browser.notifications.clear(id);
      if (action === 'open' && message) {
        // The sender's link (else the detail page): a web page, always a new tab.
        await browser.tabs.create({ url: message.sourceUrl || message.url });
      }
      await deps.actions.markRead([mid], true);
    },
  };
}
