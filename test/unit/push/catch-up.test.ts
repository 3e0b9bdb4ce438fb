import { describe, expect, it, vi } from 'vitest';
import type { Api, ListItem } from '../../../lib/push/api';
import { catchUp } from '../../../lib/push/catch-up';
import type { IncomingMessage } from '../../../lib/message';

const NOW = 1_700_000_000_000;
const HOUR = 3_600_000;

/** A server holding `items` (newest first), answering list-v2 pages of `pageSize`. */
function fakeApi(items: ListItem[], pageSize = 30) {
  const listMessages = vi.fn(async (cursor: number) =>
    items.filter((i) => i.messageId < cursor).slice(0, pageSize),
  );
  return { api: { listMessages } as unknown as Api, listMessages };
}

const item = (id: number, ageHours = 1): ListItem => ({
  messageId: id,
  summary: `s${id}`,
  createTime: NOW - ageHours * HOUR,
  read: false,
});

function knownStore(known: number[]) {
  const seen = new Set(known);
  const ingested: IncomingMessage[][] = [];
  const ingest = async (page: IncomingMessage[]) => {
    ingested.push(page);
    const added = page.filter((m) => !seen.has(m.mid));
    added.forEach((m) => seen.add(m.mid));
    return { added: added.length };
  };
  return { ingest, ingested };
}

describe('catchUp', () => {
  it('pages from the newest until it reaches a known id', async () => {
    const items = Array.from({ length: 100 }, (_, i) => item(100 - i));
    const { api, listMessages } = fakeApi(items);
    const store = knownStore([40, 39]);
    const result = await catchUp({ api, now: () => NOW, scene: 3, ingest: store.ingest });
    // Pages 100–71 and 70–41 are new; the third (40–11) holds known ids: its new ones are kept, then stop.
    expect(result.added).toBe(88);
    expect(listMessages).toHaveBeenCalledTimes(3);
    expect(listMessages.mock.calls.map((c) => c[0])).toEqual([9007199254740991, 71, 41]);
  });

  it('with `since`, pages past known messages down to it (a gap under newer known ones)', async () => {
    // 100 messages, one a minute; the newest 30 and the oldest 20 are known; 50 in between
    // were lost (pushed to a worker that was stopped before storing them).
    const items = Array.from({ length: 100 }, (_, i) => ({
      ...item(100 - i),
      createTime: NOW - i * 60_000,
    }));
    const { api, listMessages } = fakeApi(items);
    const store = knownStore([...items.slice(0, 30), ...items.slice(80)].map((i) => i.messageId));
    const since = NOW - 85 * 60_000;

    const result = await catchUp({ api, now: () => NOW, scene: 3, ingest: store.ingest, since });

    // Pages 100–71 (all known), 70–41, 40–11 (reaches `since`): the gap is filled, then stop.
    expect(result.added).toBe(50);
    expect(result.newest).toBe(NOW);
    expect(listMessages).toHaveBeenCalledTimes(3);
  });

  it('stops at the 24 h boundary', async () => {
    const items = [
      item(5, 1),
      item(4, 23),
      ...Array.from({ length: 60 }, (_, i) => item(3 - i, 30)),
    ];
    const { api, listMessages } = fakeApi(items, 2);
    const store = knownStore([]);
    await catchUp({ api, now: () => NOW, scene: 3, ingest: store.ingest });
    // Page 1: 5, 4 (both young); page 2: 3, 2 (older than 24 h) → stop.
    expect(listMessages).toHaveBeenCalledTimes(2);
  });

  it('stops on an empty page, and is bounded by maxPages', async () => {
    const { api } = fakeApi([]);
    expect(
      (await catchUp({ api, now: () => NOW, scene: 3, ingest: knownStore([]).ingest })).pages,
    ).toBe(1);
    const endless = { listMessages: vi.fn(async (c: number) => [item(c > 1e9 ? 1000 : c - 1)]) };
    const result = await catchUp({
      api: endless as unknown as Api,
      now: () => NOW,
      scene: 3,
      ingest: knownStore([]).ingest,
      maxPages: 5,
    });
    expect(result.pages).toBe(5);
  });

  it('maps items without content as summary-only text messages and drops bad ids', async () => {
    const { api } = fakeApi([
      { messageId: 7, summary: 'only a summary', url: 'https://d/7' },
      { messageId: -1 } as ListItem,
    ]);
    const store = knownStore([]);
    await catchUp({ api, now: () => NOW, scene: 3, ingest: store.ingest });
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
