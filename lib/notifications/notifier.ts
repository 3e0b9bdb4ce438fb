import type { Clock } from '../clock';
import {
  SUMMARY_NOTIFICATION_ID,
  notificationIdFor,
  toNotification,
  toSummaryNotification,
  type NotifiableMessage,
  type SummaryNotification,
  type NotificationLabels,
} from './mapper';
import { isQuietTime, type Settings } from '../storage/settings';

/** More than this many messages within BURST_WINDOW_MS become one summary notification. */
export const BURST_LIMIT = 3;
export const BURST_WINDOW_MS = 2_000;

export interface NotificationsApi {
  create(id: string, options: object): Promise<string>;
  /** Changes a notification in place, without alerting again; false when it is gone. */
  update(id: string, options: object): Promise<boolean>;
  clear(id: string): Promise<boolean>;
}

export interface NotifierDeps {
  notifications: NotificationsApi;
  clock: Pick<Clock, 'now'>;
  settings: () => Settings;
  playSound: () => Promise<void>;
  /** The icon URL for the next notification (see icon.ts). */
  iconUrl: () => string;
  labels: NotificationLabels & { summaryTitle: string; summaryMessage: string };
  /** A notification that could not be raised, or its sound that could not be played. */
  onError: (error: unknown, what: 'notification' | 'sound') => void;
  /** Called after a message's own notification is raised (to add its image; not awaited). */
  onRaised?: (id: string, m: NotifiableMessage) => void;
}

/**
 * Raises OS notifications for new messages. Settings decide whether a message may notify
 * (on/off, quiet hours, muted apps); a burst of more than BURST_LIMIT messages within
 * BURST_WINDOW_MS collapses into a single summary notification.
 */
export function createNotifier(deps: NotifierDeps) {
  let burstCount = 0;
  let lastAt = -Infinity;
  let burstIds: string[] = [];
  /** The count on the summary this instance last showed (it may still be on screen). */
  let summaryShown = 0;
  /**
   * What the current burst adds to: the count of a summary still on screen when it began, so
   * that two bursts a few seconds apart read "10 new", not "5 new" twice over the same
   * notification (a catch-up written in parts).
   */
  let carried = 0;
  let lastSoundAt = -Infinity;
  let raised = 0;

  /** True when the message may raise a notification under the current settings. */
  function allowed(m: NotifiableMessage, s: Settings): boolean {
    return s.notificationsEnabled && !s.mutedApps.includes(m.name);
  }

  async function sound(s: Settings, now: number) {
    if (!s.sound || now - lastSoundAt < BURST_WINDOW_MS) return;
    lastSoundAt = now;
    try {
      await deps.playSound();
    } catch (error) {
      deps.onError(error, 'sound');
    }
  }

  function summaryOf(count: number): SummaryNotification {
    return toSummaryNotification(count, {
      iconUrl: deps.iconUrl(),
      title: deps.labels.summaryTitle,
      message: deps.labels.summaryMessage,
      requireInteraction: deps.settings().requireInteraction,
    });
  }

  /**
   * Shows the current count: updates the summary in place when one may be on screen (this
   * burst raised it, or an earlier one it adds to), else raises it (one OS alert per burst;
   * update() answers false when the user closed it, and it is raised again with this burst's
   * count only, the closed one's having been seen). Only the text changes: an update that
   * names the icon has Chrome load it again (~13 ms here against ~2 ms without, measured in
   * the worker). Returns 1 when it raised one.
   */
  async function applySummary(mayUpdate: boolean): Promise<number> {
    const total = carried + burstCount;
    if (mayUpdate || carried > 0) {
      const { title, message } = summaryOf(total);
      const updated = await deps.notifications
        .update(SUMMARY_NOTIFICATION_ID, { title, message })
        .catch(() => false);
      if (updated) {
        summaryShown = total;
        return 0;
      }
    }
    carried = 0;
    // The individual notifications of this burst give way to one summary, cleared after it
    // is raised so that the message that made the burst waits for nothing.
    const replaced = burstIds;
    burstIds = [];
    summaryShown = burstCount;
    await deps.notifications.create(SUMMARY_NOTIFICATION_ID, summaryOf(burstCount));
    await Promise.all(replaced.map((id) => deps.notifications.clear(id)));
    return 1;
  }

  /** A summary is wanted while one is being raised or updated (it shows the latest count). */
  let summaryWanted = false;
  /** The callers waiting for the summary to show their count: settled once it is shown. */
  let waiting: { resolve: (created: number) => void; reject: (error: unknown) => void }[] = [];
  let summaryBusy = false;

  async function runSummaries(mayUpdate: boolean) {
    summaryBusy = true;
    let update = mayUpdate;
    while (summaryWanted) {
      const callers = waiting;
      summaryWanted = false;
      waiting = [];
      try {
        const created = await applySummary(update);
        callers.forEach((c, i) => c.resolve(i === 0 ? created : 0));
      } catch (error) {
        for (const c of callers) c.reject(error);
      }
      update = true;
    }
    summaryBusy = false;
  }

  /**
   * One summary call at a time: messages can arrive faster than Chrome raises a notification
   * (a replay of 1 000 pushes), and an update sent while the summary is still being raised
   * finds none and raises another. The counts that arrive meanwhile are folded into one
   * update after it; each caller is answered once the call carrying its count is done.
   */
  function showSummary(mayUpdate: boolean): Promise<number> {
    summaryWanted = true;
    const shown = new Promise<number>((resolve, reject) => waiting.push({ resolve, reject }));
    if (!summaryBusy) void runSummaries(mayUpdate);
    return shown;
  }

  return {
    /** Number of OS notifications raised since start (a summary's in-place updates do not count). */
    raisedCount: () => raised,

    /** Notifies these new messages; returns how many notifications were raised. */
    async notify(messages: NotifiableMessage[]): Promise<number> {
      const s = deps.settings();
      const now = deps.clock.now();
      if (isQuietTime(s.quietHours, new Date(now))) return 0;
      const eligible = messages.filter((m) => allowed(m, s));
      if (eligible.length === 0) return 0;
      if (now - lastAt > BURST_WINDOW_MS) {
        carried = summaryShown;
        burstCount = 0;
        burstIds = [];
      }
      lastAt = now;
      const wasSummary = burstCount > BURST_LIMIT;
      burstCount += eligible.length;
      let created = 0;
      try {
        if (burstCount > BURST_LIMIT) {
          created = await showSummary(wasSummary);
        } else {
          for (const m of eligible) {
            const id = notificationIdFor(m.mid);
            // Listed before it is raised: a summary that starts meanwhile clears it too.
            burstIds.push(id);
            await deps.notifications.create(
              id,
              toNotification(m, {
                iconUrl: deps.iconUrl(),
                requireInteraction: s.requireInteraction,
                labels: deps.labels,
              }),
            );
            created++;
            deps.onRaised?.(id, m);
          }
        }
      } catch (error) {
        deps.onError(error, 'notification');
      }
      raised += created;
      // Not awaited: the first sound creates the offscreen document (hundreds of ms), and the
      // next message must not wait behind it.
      if (created > 0) void sound(s, now);
      return created;
    },

    /** Clears the notification of a message (read or deleted elsewhere). */
    async clearFor(mids: number[]): Promise<void> {
      await Promise.all(
        mids.map((mid) => deps.notifications.clear(notificationIdFor(mid)).catch(() => false)),
      );
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
