import { describe, expect, it } from 'vitest';
import { createFirstRows, FIRST_ROWS_REFRESH_MS } from '../../../lib/worker/first-rows';
import type { CachedRow } from '../../../lib/ui/popup-cache';
import { createFakeClock } from '../helpers';

const row = (mid: number): CachedRow => ({
  mid,
  name: 'App',
  line: `Title ${mid}`,
  preview: '',
  createTime: mid,
  unread: true,
});

/** First rows over a database of `stored` rows per account, counting the reads. */
function setup() {
  const clock = createFakeClock();
  const stored = new Map<number, CachedRow[]>([[1, [row(2), row(1)]]]);
  const reads: number[] = [];
  let fail = false;
  let bound: number | null = 1;
  const rows = createFirstRows({
    read: async (account) => {
      reads.push(account);
      if (fail) throw new Error('database closed');
      return stored.get(account) ?? [];
    },
    clock,
    bound: () => bound,
  });
  return {
    rows,
    clock,
    stored,
    reads,
    failNext: (on: boolean) => (fail = on),
    bind: (account: number | null) => (bound = account),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the first rows the worker keeps for the pages it serves', () => {
  it('reads once and keeps them between opens; opens meanwhile share the read', async () => {
    const t = setup();
    const [a, b] = await Promise.all([t.rows.get(1), t.rows.get(1)]);
    expect(a.map((r) => r.mid)).toEqual([2, 1]);
    expect(b).toBe(a);
    expect(await t.rows.get(1)).toBe(a);
    expect(t.reads).toEqual([1]);
    // Another account (bound since): its own read.
    expect(await t.rows.get(7)).toEqual([]);
    expect(t.reads).toEqual([1, 7]);
  });

  it('forgets them on a change and reads the bound account again once a burst is over', async () => {
    const t = setup();
    await t.rows.get(1);
    t.stored.set(1, [row(3), row(2), row(1)]);
    t.rows.changed();
    t.clock.tick(FIRST_ROWS_REFRESH_MS - 1);
    t.rows.changed();
    t.clock.tick(FIRST_ROWS_REFRESH_MS - 1);
    expect(t.reads).toEqual([1]);
    t.clock.tick(1);
    expect(t.reads).toEqual([1, 1]);
    await settle();
    expect((await t.rows.get(1)).map((r) => r.mid)).toEqual([3, 2, 1]);
    expect(t.reads).toEqual([1, 1]);

    // An open before the refresh reads for itself; while not bound, nothing is read again.
    t.rows.changed();
    expect((await t.rows.get(1)).map((r) => r.mid)).toEqual([3, 2, 1]);
    expect(t.reads).toEqual([1, 1, 1]);
    t.bind(null);
    t.rows.changed();
    t.clock.tick(FIRST_ROWS_REFRESH_MS);
    expect(t.reads).toEqual([1, 1, 1]);
  });

  it('keeps nothing from a read that failed', async () => {
    const t = setup();
    t.failNext(true);
    await expect(t.rows.get(1)).rejects.toThrow('database closed');
    t.failNext(false);
    expect((await t.rows.get(1)).map((r) => r.mid)).toEqual([2, 1]);
    expect(t.reads).toEqual([1, 1]);
  });
});
