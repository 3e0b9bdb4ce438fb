import { describe, expect, it, vi } from 'vitest';
import type { ListItem, TargetApi } from '../../../lib/push/api';
import { catchUp, type CatchUpCursor } from '../../../lib/push/catch-up';
import type { IncomingMessage } from '../../../lib/message';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A server holding `items` (newest first), answering list-v2 pages of `pageSize`. */
function fakeApi(items: ListItem[], pageSize = 30) {
  const listMessages = vi.fn(async (cursor: number) =>
    items.filter((i) => i.messageId < cursor).slice(0, pageSize),
  );
  return { api: { listMessages } as unknown as TargetApi, listMessages };
}

/** Messages 1…n, one a minute, the newest (n) created now; newest first. */
const minutely = (n: number): ListItem[] =>
  Array.from({ length: n }, (_, i) => ({
    messageId: n - i,
    summary: `s${n - i}`,
    createTime: NOW - i * MINUTE,
    read: false,
  }));

/** A store that knows `known` ids; `failOn` makes writes of a page holding that id fail. */
function knownStore(known: number[], failOn?: number) {
  const seen = new Set(known);
  const ingested: IncomingMessage[][] = [];
  const ingest = async (page: IncomingMessage[]) => {
    if (failOn !== undefined && page.some((m) => m.mid === failOn)) throw new Error('disk error');
    ingested.push(page);
    const added = page.filter((m) => !seen.has(m.mid));
    added.forEach((m) => seen.add(m.mid));
    return { added: added.length };
  };
  return { ingest, ingested, seen };
}

const run = (
  api: TargetApi,
  ingest: ReturnType<typeof knownStore>['ingest'],
  cursor: CatchUpCursor,
  maxPages?: number,
) => catchUp({ api, now: () => NOW, scene: 3, ingest, cursor, maxPages });

describe('catchUp', () => {
  it('pages past known messages down to `since` (a gap under newer known ones)', async () => {
    // 100 messages, one a minute; the newest 30 and the oldest 20 are known; 50 in between
    // were lost (pushed to a worker that was stopped before storing them).
    const items = minutely(100);
    const { api, listMessages } = fakeApi(items);
    const store = knownStore([...items.slice(0, 30), ...items.slice(80)].map((i) => i.messageId));

    const result = await run(api, store.ingest, { since: NOW - 85 * MINUTE });

    // Pages 100–71 (all known), 70–41, 40–11 (reaches `since` less the overlap): filled, stop.
    expect(result.added).toBe(50);
    expect(result.complete).toBe(true);
    expect(result.next).toEqual({ since: NOW, sinceId: 100 });
    expect(listMessages).toHaveBeenCalledTimes(3);
  });

  it('without a cursor pages back 24 h, and stops at the horizon', async () => {
    const items: ListItem[] = [
      { messageId: 5, createTime: NOW - 1 * HOUR },
      { messageId: 4, createTime: NOW - 23 * HOUR },
      ...Array.from({ length: 60 }, (_, i) => ({ messageId: 3 - i, createTime: NOW - 30 * HOUR })),
    ];
    const { api, listMessages } = fakeApi(items, 2);
    await run(api, knownStore([]).ingest, { since: 0 });
    // Page 1: 5, 4 (both young); page 2: 3, 2 (older than 24 h) → stop.
    expect(listMessages).toHaveBeenCalledTimes(2);
  });

  it('stops on an empty page, and when the cursor stops going down', async () => {
    const empty = fakeApi([]);
    expect((await run(empty.api, knownStore([]).ingest, { since: 0 })).pages).toBe(1);
    const stuck = { listMessages: vi.fn(async () => [{ messageId: 9, createTime: NOW }]) };
    const result = await run(stuck as unknown as TargetApi, knownStore([]).ingest, { since: 0 });
    expect(result.pages).toBe(2);
    expect(result.complete).toBe(true);
  });

  it('stopped by its page limit, it leaves a gap, and the next run fills it', async () => {
    const items = minutely(200);
    const { api } = fakeApi(items);
    const store = knownStore([]);

    const first = await run(api, store.ingest, { since: 0 }, 3);
    expect(first.complete).toBe(false);
    expect(first.next).toEqual({
      since: NOW,
      sinceId: 200,
      gap: { below: 111, downTo: NOW - 24 * HOUR },
    });
    expect(store.seen.size).toBe(90);

    // Meanwhile 5 more arrive on top; the next run reads them, then goes on below the gap.
    const more = [
      ...minutely(205)
        .slice(0, 5)
        .map((i) => ({ ...i, createTime: NOW + MINUTE })),
      ...items,
    ];
    const second = await run(fakeApi(more).api, store.ingest, first.next, 100);
    expect(second.complete).toBe(true);
    expect(store.seen.size).toBe(205);
    expect(second.next).toEqual({ since: NOW + MINUTE, sinceId: 205 });
  });

  it('a failed write stops the run and moves nothing', async () => {
    const items = minutely(90);
    const { api } = fakeApi(items);
    const cursor = { since: NOW - 200 * MINUTE, sinceId: 0 };
    await expect(run(api, knownStore([], 40).ingest, cursor)).rejects.toThrow('disk error');
  });

  it('ends early at a page wholly below `sinceId` with nothing new, whatever the times', async () => {
    // 300 messages within the same minute, all known up to 300.
    const items = Array.from({ length: 300 }, (_, i) => ({ messageId: 300 - i, createTime: NOW }));
    const { api, listMessages } = fakeApi(items);
    const store = knownStore(items.map((i) => i.messageId));
    await run(api, store.ingest, { since: NOW, sinceId: 300 });
    expect(listMessages).toHaveBeenCalledTimes(1);
  });

  it('goes on below `sinceId` while a page there has something new (committed out of order)', async () => {
    const items = Array.from({ length: 90 }, (_, i) => ({ messageId: 90 - i, createTime: NOW }));
    const { api, listMessages } = fakeApi(items);
    const store = knownStore(items.map((i) => i.messageId).filter((id) => id !== 75));
    await run(api, store.ingest, { since: NOW, sinceId: 90 });
    expect(store.seen.has(75)).toBe(true);
    expect(listMessages).toHaveBeenCalledTimes(2);
  });

  it('a server clock that stepped back: `since` is never later than the server’s now', async () => {
    // 20 messages were stored up to NOW. Then the server's clock went back an hour, and in
    // the 50 minutes since it created 50 more: all of them sit below `since`, over two pages.
    const before = minutely(20).map((i) => ({ ...i, createTime: i.createTime! - 2 * HOUR }));
    const after = minutely(50).map((i) => ({
      ...i,
      messageId: i.messageId + 20,
      createTime: i.createTime! - 10 * MINUTE,
    }));
    const { api } = fakeApi([...after, ...before]);
    const store = knownStore(before.map((i) => i.messageId));
    const result = await catchUp({
      api,
      now: () => NOW - 10 * MINUTE,
      scene: 3,
      ingest: store.ingest,
      cursor: { since: NOW, sinceId: 20 },
    });
    expect(store.seen.size).toBe(70);
    // The cursor is in the server's time again.
    expect(result.next).toEqual({ since: NOW - 10 * MINUTE, sinceId: 70 });
  });

  it('maps items without content as summary-only text messages and drops bad ids', async () => {
    const { api } = fakeApi([
      { messageId: 7, summary: 'only a summary', url: 'https://d/7' },
      { messageId: -1 } as ListItem,
    ]);
    const store = knownStore([]);
    await run(api, store.ingest, { since: 0 });
    expect(store.ingested[0]).toEqual([
      expect.objectContaining({
        mid: 7,
        content: '',
        contentType: 1,
        summary: 'only a summary',
        url: 'https://d/7',
        createTime: NOW,
      }),
    ]);
  });
});
