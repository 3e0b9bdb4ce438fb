import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { MessageChange } from '../../../lib/worker/changes';
import { openWxpDB } from '../../../lib/storage/db';
import type { OutboxEntry } from '../../../lib/storage/db';
import { MAX_STORED_MESSAGES, createMessageStore } from '../../../lib/storage/message-store';
import { createOutbox } from '../../../lib/storage/outbox';
import {
  DELETE_HOLD_MS,
  PRUNE_HEADROOM,
  createMessageActions,
} from '../../../lib/worker/message-actions';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;
const DAY = 86_400_000;
/** The bound account; B is an earlier server's. */
const A = 1;
const B = 2;

/** The actions over a real store and outbox, with every other part recorded. */
async function setup() {
  globalThis.indexedDB = new IDBFactory();
  const db = openWxpDB();
  const store = createMessageStore(db);
  const log: string[] = [];
  const badges: string[] = [];
  const broadcasts: [number, MessageChange][] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const realOutbox = createOutbox({ db, now: () => NOW });
  const outbox = {
    enqueue: vi.fn(async (account: number, op: OutboxEntry['op'], mids: number[], at?: number) => {
      log.push(`enqueue ${op} ${mids}${at ? ` at +${at - NOW}` : ''}`);
      await realOutbox.enqueue(account, op, mids, at);
    }),
    release: realOutbox.release,
    nextRelease: realOutbox.nextRelease,
  };
  const flush = vi.fn(async () => void log.push('flush'));
  const notifier = { clearFor: vi.fn(async (mids: number[]) => void log.push(`clear ${mids}`)) };
  const actions = createMessageActions({
    store,
    outbox,
    flush,
    notifier,
    setBadgeText: async (text) => {
      badges.push(text);
      log.push(`badge ${text}`);
    },
    changes: {
      messages: (account, change) => {
        broadcasts.push([account, change]);
        log.push('broadcast');
      },
    },
    currentAccount: () => A,
    now: () => NOW,
    serverNow: () => NOW,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    retentionDays: () => 7,
  });
  const { added } = await store.putMany(A, [incoming(1), incoming(2), incoming(3)], NOW);
  await actions.stored(A, { added, markedRead: [] });
  log.length = 0;
  badges.length = 0;
  broadcasts.length = 0;
  return { store, actions, log, badges, broadcasts, outbox: realOutbox, notifier, timers, flush };
}

describe('message actions', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it('mark read: stored, owed to the server, notification cleared, then badge and broadcast once', async () => {
    await t.actions.markRead(A, [1, 2], true);
    expect(t.log).toEqual(['enqueue read 1,2', 'clear 1,2', 'badge 1', 'broadcast', 'flush']);
    expect(t.broadcasts).toEqual([[A, { changed: [1, 2] }]]);
    expect(await t.store.unreadCount(A)).toBe(1);
  });

  it('mark unread keeps notifications; a mark that changes nothing does nothing', async () => {
    await t.actions.markRead(A, [1], false);
    expect(t.log).toEqual([]);
    await t.actions.markRead(A, [1], true);
    t.log.length = 0;
    await t.actions.markRead(A, [1], false);
    expect(t.log).toEqual(['enqueue unread 1', 'badge 3', 'broadcast', 'flush']);
  });

  it('mark all read: one badge update and one broadcast for every message', async () => {
    await t.actions.markAllRead(A);
    expect(t.log).toEqual(['enqueue read 1,2,3', 'clear 1,2,3', 'badge ', 'broadcast', 'flush']);
    expect(t.broadcasts).toEqual([[A, { changed: [1, 2, 3] }]]);
    t.log.length = 0;
    await t.actions.markAllRead(A);
    expect(t.log).toEqual([]);
  });

  it('an earlier account’s read mark is its own: no badge change, no notification touched', async () => {
    await t.store.putMany(B, [incoming(1)], NOW);
    await t.actions.markRead(B, [1], true);
    expect(t.log).toEqual(['enqueue read 1', 'badge 3', 'broadcast', 'flush']);
    expect(t.broadcasts).toEqual([[B, { changed: [1] }]]);
    expect(await t.outbox.pending(B)).toBe(1);
  });

  it('delete: the named ids, the server call held for the undo window; badge and broadcast once', async () => {
    expect(await t.actions.remove(A, [2, 9])).toEqual([2]);
    expect(t.log).toEqual([
      `enqueue delete 2 at +${DELETE_HOLD_MS}`,
      'clear 2',
      'badge 2',
      'broadcast',
    ]);
    expect(t.broadcasts).toEqual([[A, { removed: [2] }]]);
    // A flush is due when the hold ends.
    expect(t.timers.map((x) => x.ms)).toEqual([DELETE_HOLD_MS + 50]);
    t.timers[0]!.fn();
    expect(t.flush).toHaveBeenCalled();
  });

  it('undo within the window: rows back, the held server delete dropped; badge and broadcast once', async () => {
    await t.actions.remove(A, [1, 2]);
    t.log.length = 0;
    t.broadcasts.length = 0;
    expect(await t.actions.restore(A, [1])).toEqual([1]);
    expect(t.log).toEqual(['badge 2', 'broadcast']);
    expect(t.broadcasts).toEqual([[A, { added: [1] }]]);
    expect(await t.store.get(A, 1)).toBeDefined();
    // Only 2 is still owed to the server.
    expect(await t.outbox.release(A, [1, 2])).toEqual([2]);
  });

  it('undo after the delete reached the server restores nothing', async () => {
    await t.actions.remove(A, [1]);
    await t.outbox.release(A, [1]); // as if sent
    expect(await t.actions.restore(A, [1])).toEqual([]);
    expect(await t.store.get(A, 1)).toBeUndefined();
  });

  it('the ingest write path: badge and broadcast once per write', async () => {
    const result = await t.store.putMany(A, [incoming(4), incoming(1, { read: true })], NOW);
    await t.actions.stored(A, result);
    expect(t.log).toEqual(['badge 3', 'broadcast']);
    expect(t.broadcasts).toEqual([[A, { added: [4], changed: [1] }]]);
  });

  it('prune: tells pages only when something went', async () => {
    await t.actions.prune();
    expect(t.log).toEqual([]);
    const old = NOW - 8 * DAY;
    await t.store.putMany(B, [incoming(5, { createTime: old })], old);
    await t.actions.prune();
    expect(t.broadcasts).toEqual([[B, { removed: [5] }]]);
    expect(t.badges).toEqual(['3']);
  });

  it('prunes below the cap once the stored estimate passes it', async () => {
    const prune = vi.spyOn(t.store, 'prune');
    // Only the ids of what was added matter here, not the rows.
    const added = Array.from({ length: MAX_STORED_MESSAGES }, (_, i) => ({ mid: i + 10 }));
    await t.actions.stored(A, { added: added as never, markedRead: [] });
    expect(prune).toHaveBeenCalledWith(
      expect.objectContaining({ maxCount: MAX_STORED_MESSAGES - PRUNE_HEADROOM }),
    );
  });
});
