import { describe, expect, it, vi } from 'vitest';
import { createIngest } from '../../../lib/worker/ingest';
import { REPLAY_WINDOW_MS, type StoredMessage } from '../../../lib/message';
import { toStoredMessage, type PutResult } from '../../../lib/storage/message-store';
import { incoming } from '../helpers';

const NOW = 1_800_000_000_000;

function setup() {
  const known = new Set<number>();
  const puts: number[][] = [];
  const put = vi.fn(
    async (messages: ReturnType<typeof incoming>[], now: number): Promise<PutResult> => {
      puts.push(messages.map((m) => m.mid));
      await new Promise((r) => setTimeout(r, 5));
      const added = messages.filter((m) => !known.has(m.mid)).map((m) => toStoredMessage(m, now));
      added.forEach((m) => known.add(m.mid));
      return { added, markedRead: [] };
    },
  );
  const notified: StoredMessage[] = [];
  const ingest = createIngest({
    now: () => NOW,
    put,
    notify: async (m) => {
      notified.push(...m);
      return m.length;
    },
    afterWrite: vi.fn(async () => undefined),
    onError: vi.fn(),
  });
  return { ingest, puts, notified, put };
}

describe('ingest', () => {
  it('notifies new messages once; duplicates from another path are not notified again', async () => {
    const t = setup();
    await t.ingest.add([incoming(1, { createTime: NOW })], true);
    await t.ingest.add([incoming(1, { createTime: NOW }), incoming(2, { createTime: NOW })], true);
    expect(t.notified.map((m) => m.mid)).toEqual([1, 2]);
    expect(t.ingest.storedCount()).toBe(2);
  });

  it('stores messages older than the replay window without notifying them', async () => {
    const t = setup();
    await t.ingest.add(
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
      t.ingest.add([incoming(i + 1, { createTime: NOW })], true),
    );
    await Promise.all(all);
    expect(t.puts.length).toBe(2);
    expect(t.puts.flat().length).toBe(50);
  });

  it('reports a failed write and keeps going', async () => {
    const t = setup();
    const onError = vi.fn();
    const ingest = createIngest({
      now: () => NOW,
      put: vi
        .fn()
        .mockRejectedValueOnce(new Error('disk full'))
        .mockResolvedValue({ added: [], markedRead: [] }),
      notify: vi.fn(),
      afterWrite: vi.fn(),
      onError,
    });
    expect((await ingest.add([incoming(1)], true)).added).toEqual([]);
    expect(onError).toHaveBeenCalledWith(new Error('disk full'));
    await ingest.add([incoming(2)], true);
    expect(t.notified).toEqual([]);
  });

  it('with notify off (first sync after binding) stores without notifying', async () => {
    const t = setup();
    await t.ingest.add([incoming(1, { createTime: NOW })], false);
    expect(t.notified).toEqual([]);
    expect(t.ingest.storedCount()).toBe(1);
  });
});
