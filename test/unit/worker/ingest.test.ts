import { describe, expect, it, vi } from 'vitest';
import { NOTIFY_TIMEOUT_MS, createIngest } from '../../../lib/worker/ingest';
import { REPLAY_WINDOW_MS, type StoredMessage } from '../../../lib/message';
import { toStoredMessage, type PutResult } from '../../../lib/storage/message-store';
import { createFakeClock, incoming } from '../helpers';

const NOW = 1_800_000_000_000;
const A = 1;

function setup(opts: { serverOffset?: number } = {}) {
  const known = new Set<string>();
  const puts: number[][] = [];
  const put = vi.fn(
    async (
      account: number,
      messages: ReturnType<typeof incoming>[],
      now: number,
    ): Promise<PutResult> => {
      puts.push(messages.map((m) => m.mid));
      await new Promise((r) => setTimeout(r, 5));
      const added = messages
        .filter((m) => !known.has(`${account}:${m.mid}`))
        .map((m) => toStoredMessage(m, now, account));
      added.forEach((m) => known.add(`${account}:${m.mid}`));
      return { added, markedRead: [] };
    },
  );
  const notified: StoredMessage[] = [];
  const clock = createFakeClock(NOW);
  const onError = vi.fn();
  const ingest = createIngest({
    clock,
    serverNow: () => NOW + (opts.serverOffset ?? 0),
    put,
    isCurrent: (account) => account === A,
    notify: async (m) => {
      notified.push(...m);
      return m.length;
    },
    afterWrite: vi.fn(async () => undefined),
    onError,
  });
  return { ingest, puts, notified, put, clock, onError };
}

describe('ingest', () => {
  it('notifies new messages once; duplicates from another path are not notified again', async () => {
    const t = setup();
    await t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    await t.ingest.add(
      A,
      [incoming(1, { createTime: NOW }), incoming(2, { createTime: NOW })],
      true,
    );
    expect(t.notified.map((m) => m.mid)).toEqual([1, 2]);
    expect(t.ingest.storedCount()).toBe(2);
  });

  it('stores messages older than the replay window without notifying them', async () => {
    const t = setup();
    await t.ingest.add(
      A,
      [
        incoming(1, { createTime: NOW - REPLAY_WINDOW_MS - 1 }),
        incoming(2, { createTime: NOW - REPLAY_WINDOW_MS + 60_000 }),
        incoming(3, { createTime: NOW, read: true }),
      ],
      true,
    );
    expect(t.notified.map((m) => m.mid)).toEqual([2]);
    expect(t.ingest.storedCount()).toBe(3);
  });

  it('batches what arrives during a write into the next write', async () => {
    const t = setup();
    const all = Array.from({ length: 50 }, (_, i) =>
      t.ingest.add(A, [incoming(i + 1, { createTime: NOW })], true),
    );
    await Promise.all(all);
    expect(t.puts.length).toBe(2);
    expect(t.puts.flat().length).toBe(50);
  });

  it('a failed write rejects its callers (nothing was stored), is reported, and the next goes on', async () => {
    const onError = vi.fn();
    const ingest = createIngest({
      clock: createFakeClock(NOW),
      serverNow: () => NOW,
      put: vi
        .fn()
        .mockRejectedValueOnce(new Error('disk full'))
        .mockResolvedValue({ added: [], markedRead: [] }),
      isCurrent: () => true,
      notify: vi.fn(),
      afterWrite: vi.fn(),
      onError,
    });
    await expect(ingest.add(A, [incoming(1)], true)).rejects.toThrow('disk full');
    expect(onError).toHaveBeenCalledWith(new Error('disk full'));
    expect((await ingest.add(A, [incoming(2)], true)).added).toEqual([]);
  });

  it('the 24 h window is the server’s: a browser clock hours behind changes nothing', async () => {
    // The server's clock is 5 h ahead of this browser's.
    const t = setup({ serverOffset: 5 * 3_600_000 });
    const serverNow = NOW + 5 * 3_600_000;
    await t.ingest.add(
      A,
      [
        incoming(1, { createTime: serverNow - 26 * 3_600_000 }),
        incoming(2, { createTime: serverNow - 23 * 3_600_000 }),
      ],
      true,
    );
    expect(t.notified.map((m) => m.mid)).toEqual([2]);
  });

  it('does not wait more than a few seconds for notifications', async () => {
    const clock = createFakeClock(NOW);
    const onError = vi.fn();
    const ingest = createIngest({
      clock,
      serverNow: () => NOW,
      put: async (account, messages, now) => ({
        added: messages.map((m) => toStoredMessage(m, now, account)),
        markedRead: [],
      }),
      isCurrent: () => true,
      notify: () => new Promise<number>(() => undefined),
      afterWrite: async () => undefined,
      onError,
    });
    const first = ingest.add(A, [incoming(1, { createTime: NOW })], true);
    await new Promise((r) => setTimeout(r, 5));
    clock.tick(NOTIFY_TIMEOUT_MS);
    expect((await first).added.map((m) => m.mid)).toEqual([1]);
    expect(onError).toHaveBeenCalledWith(new Error('Notifications did not answer'));
  });

  it('stores an earlier account’s messages without notifying them', async () => {
    const t = setup();
    await t.ingest.add(2, [incoming(1, { createTime: NOW })], true);
    expect(t.notified).toEqual([]);
    expect(t.ingest.storedCount()).toBe(1);
  });

  it('with notify off (first sync after binding) stores without notifying', async () => {
    const t = setup();
    await t.ingest.add(A, [incoming(1, { createTime: NOW })], false);
    expect(t.notified).toEqual([]);
    expect(t.ingest.storedCount()).toBe(1);
  });
});
