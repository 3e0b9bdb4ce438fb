import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/push/api';
import { openWxpDB, type WxpDatabase } from '../../../lib/storage/db';
import {
  OUTBOX_MAX_AGE_MS,
  OUTBOX_MAX_ATTEMPTS,
  createOutbox,
  type OutboxTarget,
} from '../../../lib/storage/outbox';

const NOW = 1_700_000_000_000;
const A = 1;
const B = 2;
let db: WxpDatabase;
let now = NOW;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openWxpDB();
  now = NOW;
});

/** A target whose server answers every call, with its calls recorded. */
function target(account = A) {
  const api = {
    readMark: vi.fn(async (_mids: number[], _read: boolean): Promise<unknown> => null),
    deleteMessages: vi.fn(async (_mids: number[]): Promise<unknown> => null),
  };
  const onUnauthorized = vi.fn(async () => undefined);
  const onDeleted = vi.fn(async () => undefined);
  const t: OutboxTarget = { account, api, onUnauthorized, onDeleted };
  return { t, api, onUnauthorized, onDeleted };
}

const outboxOf = (database: WxpDatabase | Promise<WxpDatabase> = db) =>
  createOutbox({ db: database, now: () => now });

describe('outbox', () => {
  it('takes the database while it is still opening: calls wait for it', async () => {
    const outbox = outboxOf(openWxpDB('wxp-opening'));
    const { t, api } = target();
    await outbox.enqueue(A, 'delete', [1, 2]);
    expect(await outbox.pending()).toBe(1);
    await outbox.flush(t);
    expect(api.deleteMessages).toHaveBeenCalledWith([1, 2]);
    expect(await outbox.pending()).toBe(0);
  });

  it('sends read marks in batches of at most 200, in order, then is empty', async () => {
    const outbox = outboxOf();
    const { t, api, onDeleted } = target();
    await outbox.enqueue(
      A,
      'read',
      Array.from({ length: 450 }, (_, i) => i + 1),
    );
    await outbox.enqueue(A, 'delete', [1, 2]);
    await outbox.flush(t);
    expect(api.readMark.mock.calls.map(([mids, read]) => [mids.length, read])).toEqual([
      [200, true],
      [200, true],
      [50, true],
    ]);
    expect(api.deleteMessages).toHaveBeenCalledWith([1, 2]);
    expect(onDeleted).toHaveBeenCalledWith([1, 2]);
    expect(await outbox.pending()).toBe(0);
  });

  it('sends an account’s calls to that account’s server only', async () => {
    const outbox = outboxOf();
    const a = target(A);
    const b = target(B);
    await outbox.enqueue(A, 'read', [1]);
    await outbox.enqueue(B, 'delete', [1]);

    await outbox.flush(b.t);

    expect(b.api.deleteMessages).toHaveBeenCalledWith([1]);
    expect(b.api.readMark).not.toHaveBeenCalled();
    expect(await outbox.pending(A)).toBe(1);
    await outbox.flush(a.t);
    expect(a.api.readMark).toHaveBeenCalledWith([1], true);
    expect(a.api.deleteMessages).not.toHaveBeenCalled();
  });

  it('keeps everything when the server is unreachable, and sends it later', async () => {
    const outbox = outboxOf();
    const { t, api } = target();
    api.readMark.mockRejectedValueOnce(new ApiError(0, 'offline'));
    await outbox.enqueue(A, 'unread', [5]);
    await outbox.enqueue(A, 'read', [6]);
    await outbox.flush(t);
    expect(api.readMark).toHaveBeenCalledTimes(1);
    expect(await outbox.pending()).toBe(2);
    await outbox.flush(t);
    expect(api.readMark.mock.calls.slice(1)).toEqual([
      [[5], false],
      [[6], true],
    ]);
    expect(await outbox.pending()).toBe(0);
  });

  it('a call the server refuses does not hold back others; it goes after 10 refusals', async () => {
    const outbox = outboxOf();
    const { t, api } = target();
    api.readMark.mockRejectedValue(new ApiError(0, 'Server answered HTTP 400', undefined, false));
    await outbox.enqueue(A, 'read', [1]);
    await outbox.enqueue(A, 'delete', [2]);
    // A later call on the same id waits behind it, so the server sees each id's calls in order.
    await outbox.enqueue(A, 'delete', [1]);

    await outbox.flush(t);

    expect(api.deleteMessages.mock.calls).toEqual([[[2]]]);
    for (let i = 1; i < OUTBOX_MAX_ATTEMPTS; i++) await outbox.flush(t);
    expect(api.readMark).toHaveBeenCalledTimes(OUTBOX_MAX_ATTEMPTS);
    expect(api.deleteMessages.mock.calls.at(-1)).toEqual([[1]]);
    expect(await outbox.pending()).toBe(0);
  });

  it('reports 1002 and stops', async () => {
    const outbox = outboxOf();
    const { t, api, onUnauthorized } = target();
    api.deleteMessages.mockRejectedValue(new ApiError(1002, 'not logged in'));
    await outbox.enqueue(A, 'delete', [1]);
    await outbox.flush(t);
    expect(onUnauthorized).toHaveBeenCalledWith('not logged in');
    expect(await outbox.pending()).toBe(1);
  });

  it('holds a delete until its time, and an undo meanwhile takes ids out of it', async () => {
    const outbox = outboxOf();
    const { t, api } = target();
    await outbox.enqueue(A, 'delete', [1, 2, 3], NOW + 15_000);
    await outbox.enqueue(A, 'read', [4]);
    expect(await outbox.nextRelease()).toBe(NOW + 15_000);

    await outbox.flush(t);
    expect(api.deleteMessages).not.toHaveBeenCalled();
    expect(api.readMark).toHaveBeenCalledWith([4], true);
    expect(await outbox.release(A, [2, 3, 9])).toEqual([2, 3]);
    now = NOW + 15_000;
    await outbox.flush(t);

    expect(api.deleteMessages.mock.calls).toEqual([[[1]]]);
    expect(await outbox.release(A, [1])).toEqual([]);
  });

  it('drops calls older than the servers keep messages', async () => {
    const outbox = outboxOf();
    const { t } = target(B);
    await outbox.enqueue(A, 'read', [1]);
    now = NOW + OUTBOX_MAX_AGE_MS + 1;
    await outbox.flush(t);
    expect(await outbox.pending()).toBe(0);
  });
});
