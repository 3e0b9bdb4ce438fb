import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { openWxpDB } from '../../../lib/storage/db';
import { createKnownIds } from '../../../lib/storage/known-ids';
import { createMessageStore, type MessageStore } from '../../../lib/storage/message-store';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;
const A = 1;
const B = 2;

/** A read that answers when the test says. */
function deferredRead() {
  const calls: { account: number; answer: (ids: number[]) => void; fail: () => void }[] = [];
  const read = (account: number) =>
    new Promise<number[]>((resolve, reject) =>
      calls.push({ account, answer: resolve, fail: () => reject(new Error('unreadable')) }),
    );
  return { read, calls };
}

describe('known ids', () => {
  it('cannot tell until the account’s ids are read, then answers from memory', async () => {
    const { read, calls } = deferredRead();
    const known = createKnownIds(read);
    expect(known.has(A, 1)).toBeUndefined();
    expect(calls.map((c) => c.account)).toEqual([A]);
    calls[0]!.answer([1, 2]);
    await known.load(A);
    expect(known.has(A, 1)).toBe(true);
    expect(known.has(A, 3)).toBe(false);
    // Another account's ids are not held: asking starts reading them instead.
    expect(known.has(B, 1)).toBeUndefined();
    expect(calls.map((c) => c.account)).toEqual([A, B]);
  });

  it('hands out the load under way, for that account only', async () => {
    const { read, calls } = deferredRead();
    const known = createKnownIds(read);
    expect(known.pending(A)).toBeNull();
    const loading = known.load(A);
    expect(known.pending(A)).toBe(loading);
    expect(known.pending(B)).toBeNull();
    calls[0]!.answer([1]);
    await known.pending(A);
    expect(known.has(A, 1)).toBe(true);
    expect(known.pending(A)).toBeNull();
  });

  it('applies what writes reported during the read on top of it, in order', async () => {
    const { read, calls } = deferredRead();
    const known = createKnownIds(read);
    const loading = known.load(A);
    known.add(A, [5, 6]);
    known.remove(A, [1, 6]);
    known.add(B, [7]);
    calls[0]!.answer([1, 2]);
    await loading;
    expect([1, 2, 5, 6, 7].map((mid) => known.has(A, mid))).toEqual([
      false,
      true,
      true,
      false,
      false,
    ]);
    expect(known.size()).toBe(2);
  });

  it('a read that fails leaves every answer "cannot tell"; the next question reads again', async () => {
    const { read, calls } = deferredRead();
    const known = createKnownIds(read);
    const loading = known.load(A);
    calls[0]!.fail();
    await loading;
    expect(known.has(A, 1)).toBeUndefined();
    calls[1]!.answer([1]);
    await known.load(A);
    expect(known.has(A, 1)).toBe(true);
  });
});

describe('the message store keeps its known ids in step with every write', () => {
  let store: MessageStore;
  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    store = createMessageStore(await openWxpDB());
  });

  it('loads stored rows and tombstones of one account', async () => {
    await store.putMany(A, [incoming(1), incoming(2)], NOW);
    await store.putMany(B, [incoming(3)], NOW);
    await store.remove(A, [2, 9], NOW);
    await store.known.load(A);
    expect([1, 2, 3, 9].map((mid) => store.known.has(A, mid))).toEqual([true, true, false, true]);
  });

  it('adds what a write stores and what a delete tombstones, drops what retention forgets', async () => {
    await store.known.load(A);
    await store.putMany(
      A,
      [incoming(1, { createTime: NOW - 10 }), incoming(2, { createTime: NOW })],
      NOW,
    );
    await store.remove(A, [7], NOW);
    expect([1, 2, 7].map((mid) => store.known.has(A, mid))).toEqual([true, true, true]);
    await store.prune({
      createdBefore: NOW - 5,
      deletedBefore: NOW + 1,
      undoBefore: NOW + 1,
      maxCount: 20_000,
    });
    expect([1, 2, 7].map((mid) => store.known.has(A, mid))).toEqual([false, true, false]);
    // What memory says is what the database says: a fresh load agrees.
    const fresh = createMessageStore(await openWxpDB());
    await fresh.known.load(A);
    expect([1, 2, 7].map((mid) => fresh.known.has(A, mid))).toEqual([false, true, false]);
  });

  it('a write made while the ids are being read is not missed', async () => {
    const loading = store.known.load(A);
    const put = store.putMany(A, [incoming(4)], NOW);
    await Promise.all([loading, put]);
    expect(store.known.has(A, 4)).toBe(true);
  });
});
