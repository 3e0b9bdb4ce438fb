import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SUMMARY_NOTIFICATION_ID } from '../../../lib/notifications/mapper';
import { createNotifier } from '../../../lib/notifications/notifier';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/storage/settings';
import { message } from '../helpers';

function setup(settings: Partial<Settings> = {}) {
  let now = new Date(2026, 0, 1, 12, 0).getTime();
  const shown = new Map<string, { message: string }>();
  const notifications = {
    create: vi.fn(async (id: string, options: object) => {
      shown.set(id, options as { message: string });
      return id;
    }),
    update: vi.fn(async (id: string, options: object) => {
      if (!shown.has(id)) return false;
      shown.set(id, options as { message: string });
      return true;
    }),
    clear: vi.fn(async (id: string) => shown.delete(id)),
  };
  const playSound = vi.fn(async () => undefined);
  const notifier = createNotifier({
    notifications,
    clock: { now: () => now },
    settings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    playSound,
    iconUrl: () => 'icon.png',
    labels: {
      fallbackTitle: 'WxPusher',
      openLink: 'Open link',
      markRead: 'Mark as read',
      summaryTitle: 'WxPusher',
      summaryMessage: '{count} new messages',
    },
    onError: (e) => {
      throw e;
    },
  });
  return { notifier, shown, notifications, playSound, advance: (ms: number) => (now += ms) };
}

const msgs = (...mids: number[]) => mids.map((mid) => message({ mid, name: 'App' }));

describe('notifier', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('raises one notification per message up to three, with one sound', async () => {
    expect(await t.notifier.notify(msgs(1, 2, 3))).toBe(3);
    expect([...t.shown.keys()]).toEqual(['wxp-msg:1', 'wxp-msg:2', 'wxp-msg:3']);
    expect(t.playSound).toHaveBeenCalledTimes(1);
  });

  it('turns a replay batch of more than three into one summary', async () => {
    expect(await t.notifier.notify(msgs(...Array.from({ length: 12 }, (_, i) => i + 1)))).toBe(1);
    expect([...t.shown.keys()]).toEqual([SUMMARY_NOTIFICATION_ID]);
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('12 new messages');
  });

  it('collapses a streamed burst: the fourth message within 2 s replaces the three', async () => {
    for (const mid of [1, 2, 3, 4, 5]) {
      await t.notifier.notify(msgs(mid));
      t.advance(300);
    }
    expect([...t.shown.keys()]).toEqual([SUMMARY_NOTIFICATION_ID]);
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('5 new messages');
    // Three individual alerts, then one summary raised once and updated in place.
    expect(t.notifier.raisedCount()).toBe(4);
    expect(t.notifications.update).toHaveBeenCalledTimes(1);
    // In place means the text only: naming the icon again would have Chrome reload it.
    expect(t.notifications.update).toHaveBeenCalledWith(SUMMARY_NOTIFICATION_ID, {
      title: 'WxPusher',
      message: '5 new messages',
    });
    t.advance(2_500);
    await t.notifier.notify(msgs(6));
    expect(t.shown.has('wxp-msg:6')).toBe(true);
  });

  it.each([
    ['notifications off', { notificationsEnabled: false }],
    ['quiet hours', { quietHours: { enabled: true, start: '11:00', end: '13:00' } }],
    ['app muted', { mutedApps: ['App'] }],
  ])('stays silent with %s', async (_name, settings) => {
    const s = setup(settings);
    expect(await s.notifier.notify(msgs(1))).toBe(0);
    expect(s.shown.size).toBe(0);
    expect(s.playSound).not.toHaveBeenCalled();
  });

  it('plays no sound when sound is off, and clears notifications of read messages', async () => {
    const s = setup({ sound: false });
    await s.notifier.notify(msgs(1, 2));
    expect(s.playSound).not.toHaveBeenCalled();
    await s.notifier.clearFor([1]);
    expect([...s.shown.keys()]).toEqual(['wxp-msg:2']);
  });

  it('messages notified while the summary is still being raised: one summary, then one update with the last count', async () => {
    // Chrome takes a while to raise a notification; the worker notifies each message as it
    // arrives, without waiting for the one before (a replay: hundreds within that time).
    const slow: (() => void)[] = [];
    t.notifications.create.mockImplementation(
      (id: string, options: object) =>
        new Promise<string>((resolve) =>
          slow.push(() => {
            t.shown.set(id, options as { message: string });
            resolve(id);
          }),
        ),
    );
    const calls = [1, 2, 3, 4, 5, 6, 7].map((mid) => t.notifier.notify(msgs(mid)));
    // The three singles and the summary are asked for at once; the rest wait for the summary.
    expect(t.notifications.create.mock.calls.map(([id]) => id)).toEqual([
      'wxp-msg:1',
      'wxp-msg:2',
      'wxp-msg:3',
      SUMMARY_NOTIFICATION_ID,
    ]);
    expect(t.notifications.update).not.toHaveBeenCalled();
    for (const answer of slow) answer();
    expect(await Promise.all(calls)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(t.notifications.create).toHaveBeenCalledTimes(4);
    expect(t.notifications.update).toHaveBeenCalledTimes(1);
    expect([...t.shown.keys()]).toEqual([SUMMARY_NOTIFICATION_ID]);
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('7 new messages');
  });

  it('each message waits only for the summary call carrying its count, not for the end of the stream', async () => {
    const answers: (() => void)[] = [];
    const later = (fn: () => void) => new Promise<void>((r) => answers.push(() => (fn(), r())));
    t.notifications.update.mockImplementation(async (id: string, options: object) => {
      await later(() => t.shown.set(id, options as { message: string }));
      return true;
    });
    await t.notifier.notify(msgs(1, 2, 3, 4));
    let fifthDone = false;
    void t.notifier.notify(msgs(5)).then(() => (fifthDone = true));
    void t.notifier.notify(msgs(6));
    expect(t.notifications.update).toHaveBeenCalledTimes(1);
    answers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    // The fifth is shown; the sixth's update is under way, and the fifth did not wait for it.
    expect(fifthDone).toBe(true);
    expect(t.notifications.update).toHaveBeenCalledTimes(2);
    answers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('6 new messages');
  });

  it('a burst after the window adds to a summary still on screen, in place', async () => {
    // A catch-up written in two parts a few seconds apart: one notification reading 10.
    await t.notifier.notify(msgs(1, 2, 3, 4, 5));
    t.advance(3_000);
    expect(await t.notifier.notify(msgs(6, 7, 8, 9, 10))).toBe(0);
    expect([...t.shown.keys()]).toEqual([SUMMARY_NOTIFICATION_ID]);
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('10 new messages');
    expect(t.notifier.raisedCount()).toBe(1);
    // A small burst later still alerts on its own; the next large one counts on from 10.
    t.advance(3_000);
    await t.notifier.notify(msgs(11));
    expect(t.shown.has('wxp-msg:11')).toBe(true);
    t.advance(3_000);
    await t.notifier.notify(msgs(12, 13, 14, 15));
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('14 new messages');
  });

  it('a summary the user closed is not counted on: the next burst raises its own count', async () => {
    await t.notifier.notify(msgs(1, 2, 3, 4, 5));
    t.shown.clear();
    t.advance(3_000);
    expect(await t.notifier.notify(msgs(6, 7, 8, 9))).toBe(1);
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('4 new messages');
    t.advance(300);
    await t.notifier.notify(msgs(10));
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('5 new messages');
  });

  it('raises the summary again when the user closed it during the burst', async () => {
    await t.notifier.notify(msgs(1, 2, 3, 4));
    t.shown.clear();
    await t.notifier.notify(msgs(5));
    expect(t.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('5 new messages');
    expect(t.notifier.raisedCount()).toBe(2);
  });
});
