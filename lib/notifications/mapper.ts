import type { MessageFields, StoredMessage } from '../message';
import { contentToPlainText, summarize } from '../render/plain-text';

/** Notification ids: one per message, plus one for a coalesced burst. */
export const SUMMARY_NOTIFICATION_ID = 'wxp-summary';
export const notificationIdFor = (mid: number) => `wxp-msg:${mid}`;

/** The message id a notification id stands for, or null (the summary, or not ours). */
export function midFromNotificationId(id: string): number | null {
  const match = /^wxp-msg:(\d+)$/.exec(id);
  return match ? Number(match[1]) : null;
}

/** What a notification shows of a message: an incoming one (before it is stored) or a row. */
export type NotifiableMessage = MessageFields & { createTime: number };

export interface NotificationLabels {
  fallbackTitle: string;
  openLink: string;
  markRead: string;
}

/** What `chrome.notifications.create` takes for a basic notification. */
export interface BasicNotification {
  type: 'basic';
  iconUrl: string;
  title: string;
  message: string;
  contextMessage?: string;
  requireInteraction: boolean;
  silent: boolean;
  priority: number;
  eventTime: number;
  buttons: { title: string }[];
}

/** Index of each button in `buttons`, or -1; buttons are conditional, so clicks map back here. */
export function buttonActions(m: Pick<StoredMessage, 'url' | 'sourceUrl'>): ('open' | 'read')[] {
  return m.url || m.sourceUrl ? ['open', 'read'] : ['read'];
}

/**
 * Maps a stored message to notification options: title, else app name, else
 * "WxPusher"; body the summary or the start of the text (the text when the summary only
 * repeats the title, as the local server's and often the real service's do); our own sound,
 * so Chrome stays silent.
 */
export function toNotification(
  m: NotifiableMessage,
  opts: { iconUrl: string; requireInteraction: boolean; labels: NotificationLabels },
): BasicNotification {
  const summary = m.summary.trim();
  const text = () => summarize(contentToPlainText(m.content, m.contentType), 200);
  const body = summary && summary !== m.title.trim() ? summary : text() || summary;
  return {
    type: 'basic',
    iconUrl: opts.iconUrl,
    title: summarize(m.title.trim() || m.name.trim() || opts.labels.fallbackTitle, 100),
    message: body,
    contextMessage: m.name.trim() || undefined,
    requireInteraction: opts.requireInteraction,
    silent: true,
    priority: 2,
    eventTime: m.createTime,
    buttons: buttonActions(m).map((action) => ({
      title: action === 'open' ? opts.labels.openLink : opts.labels.markRead,
    })),
  };
}

/** What a burst's summary notification takes. */
export type SummaryNotification = Omit<BasicNotification, 'buttons' | 'eventTime'>;

/** The one notification that stands for a burst of `count` messages. */
export function toSummaryNotification(
  count: number,
  opts: { iconUrl: string; title: string; message: string; requireInteraction: boolean },
): SummaryNotification {
  return {
    type: 'basic',
    iconUrl: opts.iconUrl,
    title: opts.title,
    message: opts.message.replace('{count}', String(count)),
    requireInteraction: opts.requireInteraction,
    silent: true,
    priority: 2,
  };
}

/** Badge text: the unread count, "99+" above 99, empty at zero. */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}
