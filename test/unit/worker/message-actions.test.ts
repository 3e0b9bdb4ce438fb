import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import type { MessageChange } from '../../../lib/worker/changes';
import { openWxpDB } from '../../../lib/storage/db';
import { MAX_STORED_MESSAGES, createMessageStore } from '../../../lib/storage/message-store';
import { PRUNE_HEADROOM, createMessageActions } from '../../../lib/worker/message-actions';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;

/** The actions over a real store, with every other part recorded. */
async function setup() {
  globalThis.indexedDB = new IDBFactory();
  const store = createMessageStore(openWxpDB());
  const log: string[] = [];
  const badges: string[] = [];
  const broadcasts: MessageChange[] = [];
  const outbox = {
    enqueue: vi.fn(async (op: string, mids: number[]) => void log.push(`enqueue ${op} ${mids}`)),
    flush: vi.fn(async () => void log.push('flush')),
  };
  const notifier = { clearFor: vi.fn(async (mids: number[]) => void log.push(`clear ${mids}`)) };
  const actions = createMessageActions({
    store,
    outbox,
    notifier,
    setBadgeText: async (text) => {
      badges.push(text);
      log.push(`badge ${text}`);
    },
    changes: {
      messages: (change) => {
        broadcasts.push(change);
        log.push('broadcast');
      },
    },
    now: () => NOW,
    retentionDays: () => 7,
  });
  const { added } = await store.putMany([incoming(1), incoming(2), incoming(3)], NOW);
  await actions.stored({ added, markedRead: [] });
  log.length = 0;
  badges.length = 0;
  broadcasts.length = 0;
  return { store, actions, log, badges, broadcasts, outbox, notifier };
}

describe('message actions', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    t = await setup();
  });

  it('mark read: stored, owed to the server, notification cleared, then badge and broadcast once', async () => {
    await t.actions.markRead([1, 2], true);
    expect(t.log).toEqual(['enqueue read 1,2', 'clear 1,2', 'badge 1', 'broadcast', 'flush']);
    expect(t.broadcasts).toEqual([{ changed: [1, 2] }]);
    expect(await t.store.unreadCount()).toBe(1);
  });

  it('mark unread keeps notifications; a mark that changes nothing does nothing', async () => {
    await t.actions.markRead([1], false);
    expect(t.log).toEqual([]);
    await t.actions.markRead([1], true);
    t.log.length = 0;
    await t.actions.markRead([1], false);
    expect(t.log).toEqual(['enqueue unread 1', 'badge 3', 'broadcast', 'flush']);
  });

  it('mark all read: one badge update and one broadcast for every message', async () => {
    await t.actions.markAllRead();
    expect(t.log).toEqual(['enqueue read 1,2,3', 'clear 1,2,3', 'badge ', 'broadcast', 'flush']);
    expect(t.broadcasts).toEqual([{ changed: [1, 2, 3] }]);
    t.log.length = 0;
    await t.actions.markAllRead();
    expect(t.log).toEqual([]);
  });

  it('delete: returns the rows for undo; badge and broadcast once', async () => {
    const rows = await t.actions.remove([2, 9]);
    expect(rows.map((r) => r.mid)).toEqual([2]);
    expect(t.log).toEqual(['enqueue delete 2', 'clear 2', 'badge 2', 'broadcast', 'flush']);
    expect(t.broadcasts).toEqual([{ removed: [2] }]);
  });

  it('delete all: one server call replaces the rest; badge and broadcast once', async () => {
    expect(await t.actions.removeAll()).toBe(3);
    expect(t.log).toEqual(['enqueue deleteAll ', 'clear 1,2,3', 'badge ', 'broadcast', 'flush']);
    expect(t.broadcasts).toEqual([{ removed: [1, 2, 3] }]);
  });

  it('restore: rows back, badge and broadcast once, the queued server delete left alone', async () => {
    const rows = await t.actions.remove([1]);
    t.log.length = 0;
    t.broadcasts.length = 0;
    await t.actions.restore(rows);
    expect(t.log).toEqual(['badge 3', 'broadcast']);
    expect(t.broadcasts).toEqual([{ added: [1] }]);
    expect(await t.store.get(1)).toBeDefined();
  });

  it('the ingest write path: badge and broadcast once per write', async () => {
    const result = await t.store.putMany([incoming(4), incoming(1, { read: true })], NOW);
    await t.actions.stored(result);
    expect(t.log).toEqual(['badge 3', 'broadcast']);
    expect(t.broadcasts).toEqual([{ added: [4], changed: [1] }]);
  });

  it('prune: tells pages only when something went', async () => {
    await t.actions.prune();
    expect(t.log).toEqual([]);
    await t.store.putMany([incoming(5, { createTime: NOW - 8 * 86_400_000 })], NOW);
    await t.actions.prune();
    expect(t.broadcasts).toEqual([{ removed: [5] }]);
    expect(t.badges).toEqual(['3']);
  });

  it('prunes below the cap once the stored estimate passes it', async () => {
    const prune = vi.spyOn(t.store, 'prune');
    // Only the ids of what was added matter here, not the rows.
    const added = Array.from({ length: MAX_STORED_MESSAGES }, (_, i) => ({ mid: i + 10 }));
    await t.actions.stored({ added: added as never, markedRead: [] });
    expect(prune).toHaveBeenCalledWith(expect.any(Number), MAX_STORED_MESSAGES - PRUNE_HEADROOM);
  });
});
