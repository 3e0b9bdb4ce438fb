import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type Api } from '../../../lib/push/api';
import { openWxpDB, type WxpDatabase } from '../../../lib/storage/db';
import { OUTBOX_MAX_ATTEMPTS, createOutbox } from '../../../lib/storage/outbox';

let db: WxpDatabase;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openWxpDB();
});

function fakeApi() {
  return {
    readMark: vi.fn(async () => null),
    deleteMessages: vi.fn(async () => null),
    deleteAll: vi.fn(async () => null),
  };
}

describe('outbox', () => {
  it('takes the database while it is still opening: calls wait for it', async () => {
    const api = fakeApi();
    const outbox = createOutbox({
      db: openWxpDB('wxp-opening'),
      api: api as unknown as Api,
      now: () => 1,
      onUnauthorized: vi.fn(),
    });
    await outbox.enqueue('delete', [1, 2]);
    expect(await outbox.pending()).toBe(1);
    await outbox.flush();
    expect(api.deleteMessages).toHaveBeenCalledWith([1, 2]);
    expect(await outbox.pending()).toBe(0);
  });

  it('sends read marks in batches of at most 200, in order, then is empty', async () => {
    const api = fakeApi();
    const outbox = createOutbox({
      db,
      api: api as unknown as Api,
      now: () => 1,
      onUnauthorized: vi.fn(),
    });
    await outbox.enqueue(
      'read',
      Array.from({ length: 450 }, (_, i) => i + 1),
    );
    await outbox.enqueue('delete', [1, 2]);
    await outbox.flush();
    expect(
      (api.readMark.mock.calls as unknown as [number[], boolean][]).map(([mids, read]) => [
        mids.length,
        read,
      ]),
    ).toEqual([
      [200, true],
      [200, true],
      [50, true],
    ]);
    expect(api.deleteMessages).toHaveBeenCalledWith([1, 2]);
    expect(await outbox.pending()).toBe(0);
  });

  it('keeps everything when the server is unreachable, and sends it later', async () => {
    const api = fakeApi();
    api.readMark.mockRejectedValueOnce(new ApiError(0, 'offline'));
    const outbox = createOutbox({
      db,
      api: api as unknown as Api,
      now: () => 1,
      onUnauthorized: vi.fn(),
    });
    await outbox.enqueue('unread', [5]);
    await outbox.flush();
    expect(await outbox.pending()).toBe(1);
    await outbox.flush();
    expect(api.readMark).toHaveBeenLastCalledWith([5], false);
    expect(await outbox.pending()).toBe(0);
  });

  it('reports 1002 and stops; drops an entry the server keeps refusing', async () => {
    const api = fakeApi();
    const onUnauthorized = vi.fn(async () => undefined);
    api.deleteMessages.mockRejectedValue(new ApiError(1002, 'not logged in'));
    const outbox = createOutbox({ db, api: api as unknown as Api, now: () => 1, onUnauthorized });
    await outbox.enqueue('delete', [1]);
    await outbox.flush();
    expect(onUnauthorized).toHaveBeenCalledWith('not logged in');
    expect(await outbox.pending()).toBe(1);
    api.deleteMessages.mockRejectedValue(new ApiError(1001, 'no such message'));
    for (let i = 0; i < OUTBOX_MAX_ATTEMPTS; i++) await outbox.flush();
    expect(await outbox.pending()).toBe(0);
  });

  it('delete-all supersedes queued per-id calls', async () => {
    const api = fakeApi();
    const outbox = createOutbox({
      db,
      api: api as unknown as Api,
      now: () => 1,
      onUnauthorized: vi.fn(),
    });
    await outbox.enqueue('read', [1]);
    await outbox.enqueue('deleteAll', []);
    await outbox.flush();
    expect(api.readMark).not.toHaveBeenCalled();
    expect(api.deleteAll).toHaveBeenCalledTimes(1);
  });
});
