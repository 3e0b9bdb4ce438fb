import { describe, expect, it, vi } from 'vitest';
import { NOTIFY_TIMEOUT_MS, createIngest } from '../../../lib/worker/ingest';
import { REPLAY_WINDOW_MS } from '../../../lib/message';
import type { NotifiableMessage } from '../../../lib/notifications/mapper';
import { toStoredMessage, type PutResult } from '../../../lib/storage/message-store';
import { createFakeClock, incoming } from '../helpers';

const NOW = 1_800_000_000_000;
const A = 1;

/** Whether the ingest is given the account's ids in memory (else it always stores first). */
type Memory = 'ids in memory' | 'ids not loaded';

function setup(opts: { serverOffset?: number; memory?: Memory; failPuts?: number } = {}) {
  const known = new Set<string>();
  const puts: number[][] = [];
  /** The order things happened in: `notify:<mid>`, `put:<mids>`, `stored:<mids>`. */
  const log: string[] = [];
  let failures = opts.failPuts ?? 0;
  const put = vi.fn(
    async (
      account: number,
      messages: ReturnType<typeof incoming>[],
      now: number,
    ): Promise<PutResult> => {
      puts.push(messages.map((m) => m.mid));
      log.push(`put:${messages.map((m) => m.mid).join(',')}`);
      await new Promise((r) => setTimeout(r, 5));
      if (failures-- > 0) throw new Error('disk full');
      const added = messages
        .filter((m, i) => !known.has(`${account}:${m.mid}`) && messages.indexOf(m) === i)
        .map((m) => toStoredMessage(m, now, account));
      added.forEach((m) => known.add(`${account}:${m.mid}`));
      log.push(`stored:${added.map((m) => m.mid).join(',')}`);
      return { added, markedRead: [] };
    },
  );
  const inMemory = (opts.memory ?? 'ids in memory') === 'ids in memory';
  const notified: NotifiableMessage[] = [];
  const clock = createFakeClock(NOW);
  const onError = vi.fn();
  const ingest = createIngest({
    clock,
    serverNow: () => NOW + (opts.serverOffset ?? 0),
    put,
    known: { has: (account, mid) => (inMemory ? known.has(`${account}:${mid}`) : undefined) },
    isCurrent: (account) => account === A,
    notify: async (m) => {
      notified.push(...m);
      log.push(...m.map((x) => `notify:${x.mid}`));
      return m.length;
    },
    afterWrite: vi.fn(async () => undefined),
    onError,
  });
  return { ingest, puts, notified, put, clock, onError, log };
}

const unknown = { has: () => undefined };

/** Writes every message as new (a store that holds none of them). */
const storeAll = async (
  account: number,
  messages: ReturnType<typeof incoming>[],
  now: number,
): Promise<PutResult> => ({
  added: messages.map((m) => toStoredMessage(m, now, account)),
  markedRead: [],
});

/** An ingest with the ids not loaded over a store that holds nothing, `deps` replacing those. */
function ingestWith(deps: Partial<Parameters<typeof createIngest>[0]> = {}) {
  return createIngest({
    clock: createFakeClock(NOW),
    serverNow: () => NOW,
    put: storeAll,
    known: unknown,
    isCurrent: () => true,
    notify: async (m) => m.length,
    afterWrite: async () => undefined,
    onError: vi.fn(),
    ...deps,
  });
}

describe.each<Memory>(['ids in memory', 'ids not loaded'])('ingest, %s', (memory) => {
  it('notifies new messages once; duplicates from another path are not notified again', async () => {
    const t = setup({ memory });
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
    const t = setup({ memory });
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
    const t = setup({ memory });
    const first = t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    // The first write has begun (it starts once the task that added it is done).
    await Promise.resolve();
    expect(t.puts).toHaveLength(1);
    const rest = Array.from({ length: 49 }, (_, i) =>
      t.ingest.add(A, [incoming(i + 2, { createTime: NOW })], true),
    );
    await Promise.all([first, ...rest]);
    expect(t.puts.map((p) => p.length)).toEqual([1, 49]);
  });

  it('makes what one task adds one write (the frames a just-started worker held)', async () => {
    const t = setup({ memory });
    const all = Array.from({ length: 50 }, (_, i) =>
      t.ingest.add(A, [incoming(i + 1, { createTime: NOW })], true),
    );
    expect(t.puts).toHaveLength(0);
    await Promise.all(all);
    expect(t.puts.map((p) => p.length)).toEqual([50]);
    expect(t.ingest.storedCount()).toBe(50);
  });

  it('a failed write rejects its callers (nothing was stored), is reported, and the next goes on', async () => {
    const onError = vi.fn();
    const ingest = ingestWith({
      put: vi
        .fn()
        .mockRejectedValueOnce(new Error('disk full'))
        .mockResolvedValue({ added: [], markedRead: [] }),
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
    const t = setup({ serverOffset: 5 * 3_600_000, memory });
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
    const ingest = ingestWith({
      clock,
      notify: () => new Promise<number>(() => undefined),
      onError,
    });
    const first = ingest.add(A, [incoming(1, { createTime: NOW })], true);
    await new Promise((r) => setTimeout(r, 5));
    clock.tick(NOTIFY_TIMEOUT_MS);
    expect((await first).added.map((m) => m.mid)).toEqual([1]);
    expect(onError).toHaveBeenCalledWith(new Error('Notifications did not answer'));
  });

  it('stores an earlier account’s messages without notifying them', async () => {
    const t = setup({ memory });
    await t.ingest.add(2, [incoming(1, { createTime: NOW })], true);
    expect(t.notified).toEqual([]);
    expect(t.ingest.storedCount()).toBe(1);
  });

  it('with notify off (first sync after binding) stores without notifying', async () => {
    const t = setup({ memory });
    await t.ingest.add(A, [incoming(1, { createTime: NOW })], false);
    expect(t.notified).toEqual([]);
    expect(t.ingest.storedCount()).toBe(1);
  });
});

describe('ingest, deciding "new" from memory', () => {
  it('with the ids in memory, notifies a new message as it arrives, before its write', async () => {
    const t = setup();
    const done = t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    // The call is made within add() itself, before the write is even begun.
    expect(t.log).toEqual(['notify:1']);
    await done;
    expect(t.log).toEqual(['notify:1', 'put:1', 'stored:1']);
    expect(t.notified.map((m) => m.mid)).toEqual([1]);
  });

  it('without them (a worker just started), stores first and notifies what the write added', async () => {
    const t = setup({ memory: 'ids not loaded' });
    await t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    expect(t.log).toEqual(['put:1', 'stored:1', 'notify:1']);
  });

  it('a copy arriving while the first is being written is left to the write, not notified again', async () => {
    const t = setup();
    const first = t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    const second = t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    const third = t.ingest.add(A, [incoming(2, { createTime: NOW }), incoming(2)], true);
    await Promise.all([first, second, third]);
    expect(t.notified.map((m) => m.mid)).toEqual([1, 2]);
    expect((await t.ingest.add(A, [incoming(1), incoming(2)], true)).added).toEqual([]);
    expect(t.notified.map((m) => m.mid)).toEqual([1, 2]);
  });

  it('a push notified on arrival and a catch-up page listing it, in the same write: notified once', async () => {
    const t = setup();
    const first = t.ingest.add(A, [incoming(9, { createTime: NOW })], true);
    await Promise.resolve();
    // While that write runs: the push of 1, then a page that lists 1 and 2.
    const push = t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    const page = t.ingest.add(
      A,
      [incoming(1, { createTime: NOW }), incoming(2, { createTime: NOW })],
      true,
    );
    await Promise.all([first, push, page]);
    expect(t.puts).toEqual([[9], [1, 1, 2]]);
    expect(t.notified.map((m) => m.mid).sort()).toEqual([1, 2, 9]);
  });

  it('a known message is not notified, on arrival or after its write', async () => {
    const t = setup();
    await t.ingest.add(A, [incoming(1, { createTime: NOW })], false);
    await t.ingest.add(A, [incoming(1, { createTime: NOW })], true);
    expect(t.notified).toEqual([]);
  });

  it('read, old, quiet and earlier-account messages do not notify on arrival either', async () => {
    const t = setup();
    t.ingest.add(A, [incoming(1, { createTime: NOW, read: true })], true);
    t.ingest.add(A, [incoming(2, { createTime: NOW - REPLAY_WINDOW_MS - 1 })], true);
    t.ingest.add(A, [incoming(3, { createTime: NOW })], false);
    t.ingest.add(2, [incoming(4, { createTime: NOW })], true);
    expect(t.log.filter((l) => l.startsWith('notify'))).toEqual([]);
    await t.ingest.add(A, [], true);
    expect(t.notified).toEqual([]);
  });

  it('a write that fails after the notification: the next copy is stored once and notified again under the same id', async () => {
    const t = setup({ failPuts: 1 });
    await expect(t.ingest.add(A, [incoming(1, { createTime: NOW })], true)).rejects.toThrow(
      'disk full',
    );
    expect(t.notified.map((m) => m.mid)).toEqual([1]);
    // The replay (or catch-up) brings it again: memory never counted it as held.
    expect((await t.ingest.add(A, [incoming(1, { createTime: NOW })], true)).added).toHaveLength(1);
    expect(t.notified.map((m) => m.mid)).toEqual([1, 1]);
    expect(t.ingest.storedCount()).toBe(1);
  });

  it('the broadcast of a write waits for the notification raised on arrival', async () => {
    let answer!: () => void;
    const order: string[] = [];
    const ingest = ingestWith({
      known: { has: () => false },
      notify: (m) =>
        new Promise<number>((resolve) => {
          answer = () => {
            order.push('notified');
            resolve(m.length);
          };
        }),
      afterWrite: async () => void order.push('broadcast'),
    });
    const done = ingest.add(A, [incoming(1, { createTime: NOW })], true);
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([]);
    answer();
    await done;
    expect(order).toEqual(['notified', 'broadcast']);
  });

  it('the next write does not wait for the last one’s badge; what was written meanwhile gets one notification call and one badge', async () => {
    const order: string[] = [];
    const badges: (() => void)[] = [];
    const ingest = ingestWith({
      put: async (account, messages, now) => {
        order.push(`put ${messages.map((m) => m.mid).join(',')}`);
        await new Promise((r) => setTimeout(r, 1));
        return storeAll(account, messages, now);
      },
      notify: async (m) => (order.push(`notify ${m.map((x) => x.mid).join(',')}`), m.length),
      // The badge call of a browser still starting: it answers when the test says.
      afterWrite: (_account, result) =>
        new Promise<void>((resolve) =>
          badges.push(() => {
            order.push(`badge ${result.added.map((m) => m.mid).join(',')}`);
            resolve();
          }),
        ),
    });
    const answered: number[] = [];
    const add = (mid: number) =>
      ingest.add(A, [incoming(mid, { createTime: NOW })], true).then(() => answered.push(mid));
    const first = add(1);
    await new Promise((r) => setTimeout(r, 5));
    const later = [add(2)];
    // Once the second write has begun: the third comes while it runs.
    await new Promise((r) => setTimeout(r, 0));
    later.push(add(3));
    // Both later writes are stored while the first's badge is still pending; nobody is answered.
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual(['put 1', 'notify 1', 'put 2', 'put 3']);
    expect(answered).toEqual([]);
    badges.shift()!();
    await first;
    expect(answered).toEqual([1]);
    // The two writes committed meanwhile: one notification call, one badge and broadcast.
    await new Promise((r) => setTimeout(r, 1));
    expect(badges).toHaveLength(1);
    badges.shift()!();
    await Promise.all(later);
    expect(order).toEqual([
      'put 1',
      'notify 1',
      'put 2',
      'put 3',
      'badge 1',
      'notify 2,3',
      'badge 2,3',
    ]);
    expect(answered).toEqual([1, 2, 3]);
    expect(ingest.storedCount()).toBe(3);
  });

  it('a failed write between two stored ones: its callers are rejected, the others answered, in write order', async () => {
    const heard: string[] = [];
    let release!: () => void;
    const ingest = ingestWith({
      put: async (account, messages, now) => {
        await new Promise((r) => setTimeout(r, 1));
        if (messages.some((m) => m.mid === 2)) throw new Error('disk full');
        return storeAll(account, messages, now);
      },
      afterWrite: (_account, result) =>
        result.added.some((m) => m.mid === 1)
          ? new Promise<void>((resolve) => (release = resolve))
          : Promise.resolve(),
    });
    const add = (mid: number) =>
      ingest.add(A, [incoming(mid, { createTime: NOW })], true).then(
        (r) => heard.push(`${mid} stored ${r.added.length}`),
        (e: Error) => heard.push(`${mid} ${e.message}`),
      );
    const first = add(1);
    await new Promise((r) => setTimeout(r, 5));
    const second = add(2);
    await new Promise((r) => setTimeout(r, 5));
    const third = add(3);
    await new Promise((r) => setTimeout(r, 5));
    expect(heard).toEqual([]);
    release();
    await Promise.all([first, second, third]);
    expect(heard).toEqual(['1 stored 1', '2 disk full', '3 stored 1']);
    expect(ingest.storedCount()).toBe(2);
  });

  it('a notifier that throws instead of answering: the rows are stored, the callers answered, the next write goes on', async () => {
    const onError = vi.fn();
    const afterWrite = vi.fn(async () => undefined);
    const ingest = ingestWith({
      notify: () => {
        throw new Error('notifications unavailable');
      },
      afterWrite,
      onError,
    });
    expect((await ingest.add(A, [incoming(1, { createTime: NOW })], true)).added).toHaveLength(1);
    expect(onError).toHaveBeenCalledWith(new Error('notifications unavailable'));
    expect(afterWrite).toHaveBeenCalledTimes(1);
    expect((await ingest.add(A, [incoming(2, { createTime: NOW })], true)).added).toHaveLength(1);
    expect(ingest.storedCount()).toBe(2);
  });
});
