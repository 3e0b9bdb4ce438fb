import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUMMARY_NOTIFICATION_ID } from '../../../lib/notifications/mapper';
import { createNotifier } from '../../../lib/notifications/notifier';
import { detectCapabilities } from '../../../lib/platform/capabilities';
import {
  adaptNotifications,
  CAUSED_CLOSE_MS,
  REPLACE_EVERY_MS,
  type RawNotifications,
} from '../../../lib/platform/notifications';
import { DEFAULT_SETTINGS } from '../../../lib/storage/settings';
import { message } from '../helpers';
import { alertServiceNotifications, richNotifications } from './fakes';

const adapt = (raw: RawNotifications) =>
  adaptNotifications(raw, detectCapabilities({ notifications: raw }));

const RICH = {
  type: 'basic',
  iconUrl: 'icon.png',
  title: 'Disk',
  message: 'almost full',
  requireInteraction: true,
  silent: true,
  buttons: [{ title: 'Open link' }],
};

describe('adaptNotifications where the browser has the alert service (Firefox)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves out the options the browser refuses, and keeps the rest', async () => {
    const raw = alertServiceNotifications();
    await adapt(raw).create('a', RICH);
    expect(raw.shown.get('a')).toEqual({
      type: 'basic',
      iconUrl: 'icon.png',
      title: 'Disk',
      message: 'almost full',
    });
  });

  it('answers granted for the permission level it has no call for', async () => {
    expect(await adapt(alertServiceNotifications()).getPermissionLevel()).toBe('granted');
  });

  it('update shows the notification again with the change, at most once per interval', async () => {
    const raw = alertServiceNotifications();
    const n = adapt(raw);
    await n.create('s', { ...RICH, message: '4 new messages' });
    expect(await n.update('s', { message: '5 new messages' })).toBe(true);
    expect(await n.update('s', { message: '9 new messages' })).toBe(true);
    // The first change is shown at once (nothing was replaced yet); the next waits its turn.
    await vi.advanceTimersByTimeAsync(0);
    expect(raw.shown.get('s')!.message).toBe('9 new messages');
    expect(raw.create).toHaveBeenCalledTimes(2);
    expect(await n.update('s', { message: '12 new messages' })).toBe(true);
    expect(await n.update('s', { message: '20 new messages' })).toBe(true);
    await vi.advanceTimersByTimeAsync(REPLACE_EVERY_MS - 1);
    expect(raw.shown.get('s')!.message).toBe('9 new messages');
    await vi.advanceTimersByTimeAsync(1);
    expect(raw.shown.get('s')!.message).toBe('20 new messages');
    expect(raw.create).toHaveBeenCalledTimes(3);
    // Shown again whole, without what the browser refuses.
    expect(raw.shown.get('s')).toMatchObject({ title: 'Disk', iconUrl: 'icon.png' });
    expect(raw.shown.get('s')).not.toHaveProperty('buttons');
  });

  it.each([
    ['told by onClosed', true],
    ['asking getAll', false],
  ])(
    'update answers false for a notification no longer shown, %s, so the caller raises it anew',
    async (_how, withOnClosed) => {
      const raw = alertServiceNotifications({ withOnClosed });
      const n = adapt(raw);
      await n.create('s', RICH);
      expect(await n.update('s', { message: 'still up' })).toBe(true);
      raw.close('s'); // the user closed it, or it timed out
      expect(await n.update('s', { message: 'x' })).toBe(false);
      expect(await n.update('never', { message: 'x' })).toBe(false);
      await n.create('s', RICH);
      expect(await n.update('s', { message: 'shown again' })).toBe(true);
    },
  );

  it('learns that a notification is up from onClosed, with no getAll per change', async () => {
    const raw = alertServiceNotifications();
    const n = adapt(raw);
    await n.create('s', RICH);
    for (let i = 0; i < 5; i++) expect(await n.update('s', { message: `${i} new` })).toBe(true);
    await n.clear('s');
    expect(await n.update('s', { message: 'after clear' })).toBe(false);
    await expect(n.create('bad', { ...RICH, unknownOption: 1 })).rejects.toThrow();
    expect(await n.update('bad', { message: 'never shown' })).toBe(false);

    expect(raw.getAll).not.toHaveBeenCalled();
  });

  it('a close the browser tells of the notification a change replaced is not taken for the new one’s', async () => {
    const raw = alertServiceNotifications();
    const n = adapt(raw);
    await n.create('s', RICH);
    for (let i = 0; i < 3; i++) {
      expect(await n.update('s', { message: `${i} new` })).toBe(true);
      // The replacement is made, and Firefox tells of the old one's close after it.
      await vi.advanceTimersByTimeAsync(REPLACE_EVERY_MS);
    }
    expect(raw.create).toHaveBeenCalledTimes(4);
    // Cleared and raised again at once: the clear's close, told late, leaves the new one up.
    await n.clear('s');
    await n.create('s', RICH);
    await vi.advanceTimersByTimeAsync(0);
    expect(await n.update('s', { message: 'still up' })).toBe(true);
    // A close nobody caused (the user) is still taken for what it is.
    await vi.advanceTimersByTimeAsync(CAUSED_CLOSE_MS + 1);
    raw.close('s');
    expect(await n.update('s', { message: 'x' })).toBe(false);
  });

  it('a caused close the browser never tells stops being expected', async () => {
    const raw = alertServiceNotifications({ tellsCausedCloses: false });
    const n = adapt(raw);
    await n.create('s', RICH);
    await n.create('s', RICH);
    await vi.advanceTimersByTimeAsync(CAUSED_CLOSE_MS + 1);
    raw.close('s');
    expect(await n.update('s', { message: 'x' })).toBe(false);
  });

  it('a cleared notification drops its pending change', async () => {
    const raw = alertServiceNotifications();
    const n = adapt(raw);
    await n.create('s', RICH);
    await n.update('s', { message: 'one' });
    await vi.advanceTimersByTimeAsync(0);
    await n.update('s', { message: 'two' });
    await n.clear('s');
    await vi.advanceTimersByTimeAsync(REPLACE_EVERY_MS * 2);
    expect(raw.shown.has('s')).toBe(false);
  });
});

describe('adaptNotifications where the browser has rich notifications (Chrome, Edge)', () => {
  it('does not listen for closes (a close would wake a stopped worker for nothing)', () => {
    const raw = { ...richNotifications(), onClosed: { addListener: vi.fn() } };
    adapt(raw);
    expect(raw.onClosed.addListener).not.toHaveBeenCalled();
  });

  it('passes everything through, updates in place and reads the permission level', async () => {
    const raw = richNotifications();
    const n = adapt(raw);
    await n.create('a', RICH);
    expect(raw.shown.get('a')).toEqual(RICH);
    expect(await n.update('a', { message: 'changed' })).toBe(true);
    expect(raw.update).toHaveBeenCalledWith('a', { message: 'changed' });
    expect(raw.create).toHaveBeenCalledTimes(1);
    expect(await n.getPermissionLevel()).toBe('denied');
  });

  it('drops the rich options for good when the browser refuses one of them', async () => {
    const raw = { ...alertServiceNotifications(), update: vi.fn(async () => true) };
    const n = adapt(raw);
    await n.create('a', RICH);
    await n.create('b', RICH);
    expect(raw.shown.get('a')).not.toHaveProperty('requireInteraction');
    expect(raw.shown.get('b')).not.toHaveProperty('buttons');
    // One refused call, then every later one is made without them.
    expect(raw.create).toHaveBeenCalledTimes(3);
  });

  it('still fails on an error that is not about those options', async () => {
    const raw = richNotifications();
    raw.create.mockRejectedValueOnce(new Error('quota exceeded'));
    await expect(adapt(raw).create('a', RICH)).rejects.toThrow('quota exceeded');
  });
});

describe('the notifier over the alert service', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(raw: ReturnType<typeof alertServiceNotifications>) {
    const errors: unknown[] = [];
    const notifier = createNotifier({
      notifications: adaptNotifications(raw, detectCapabilities({ notifications: raw })),
      clock: { now: () => Date.now() },
      settings: () => ({ ...DEFAULT_SETTINGS, requireInteraction: true }),
      playSound: async () => undefined,
      iconUrl: () => 'icon.png',
      labels: {
        fallbackTitle: 'WxPusher',
        openLink: 'Open link',
        markRead: 'Mark as read',
        summaryTitle: 'WxPusher',
        summaryMessage: '{count} new messages',
      },
      onError: (e) => errors.push(e),
    });
    return { notifier, errors };
  }

  it('raises each message without error', async () => {
    const raw = alertServiceNotifications();
    const { notifier, errors } = setup(raw);
    expect(await notifier.notify([message({ mid: 1, url: 'https://example.com' })])).toBe(1);
    expect(errors).toEqual([]);
    expect([...raw.shown.keys()]).toEqual(['wxp-msg:1']);
  });

  it('a long burst keeps one summary that ends on the full count', async () => {
    const raw = alertServiceNotifications();
    const { notifier, errors } = setup(raw);
    let mid = 0;
    for (let i = 0; i < 40; i++) {
      await notifier.notify([message({ mid: ++mid }), message({ mid: ++mid })]);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(REPLACE_EVERY_MS);
    expect(errors).toEqual([]);
    expect([...raw.shown.keys()]).toEqual([SUMMARY_NOTIFICATION_ID]);
    expect(raw.shown.get(SUMMARY_NOTIFICATION_ID)!.message).toBe('80 new messages');
    // 4 s of messages: the summary was shown at most once per interval, not once per batch
    // (each showing closes the one before, and the browser tells of that close after it).
    const summaries = raw.create.mock.calls.filter(([id]) => id === SUMMARY_NOTIFICATION_ID);
    expect(summaries.length).toBeLessThanOrEqual(1 + Math.ceil(4_000 / REPLACE_EVERY_MS) + 1);
  });
});
