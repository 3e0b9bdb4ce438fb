import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { LEGACY_ACCOUNT, openWxpDB } from '../../../lib/storage/db';
import { toStoredMessage } from '../../../lib/storage/message-store';
import { incoming } from '../helpers';

const NOW = 1_700_000_100_000;

/** A database as version 1 of the extension made it: everything keyed by message id alone. */
async function versionOne() {
  const db = await openDB('wxpusher', 1, {
    upgrade(raw) {
      const messages = raw.createObjectStore('messages', { keyPath: 'mid' });
      messages.createIndex('createTime', 'createTime');
      messages.createIndex('unread', 'unread');
      messages.createIndex('name', 'name');
      raw.createObjectStore('tombstones', { keyPath: 'mid' }).createIndex('deletedAt', 'deletedAt');
      raw.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
    },
  });
  for (const mid of [1, 2, 3]) {
    const { account: _a, ...row } = toStoredMessage(incoming(mid), NOW, 0);
    await db.put('messages', row);
  }
  await db.put('tombstones', { mid: 7, deletedAt: NOW - 2_000 });
  await db.put('tombstones', { mid: 8, deletedAt: NOW - 1_000 });
  await db.put('tombstones', { mid: 9, deletedAt: NOW + 5_000 });
  await db.add('outbox', { op: 'read', mids: [1, 2], createdAt: NOW, attempts: 1 });
  await db.add('outbox', { op: 'deleteAll', mids: [], createdAt: NOW, attempts: 0 });
  db.close();
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('database upgrade', () => {
  it('version 1 → 2: history, tombstones and queued calls become the legacy account’s', async () => {
    await versionOne();

    const db = await openWxpDB();

    const messages = await db.getAll('messages');
    expect(messages.map((m) => [m.account, m.mid])).toEqual([
      [LEGACY_ACCOUNT, 1],
      [LEGACY_ACCOUNT, 2],
      [LEGACY_ACCOUNT, 3],
    ]);
    expect(await db.countFromIndex('messages', 'unread', [LEGACY_ACCOUNT, 1])).toBe(3);
    expect((await db.getAllKeys('tombstones')).sort()).toEqual([
      [LEGACY_ACCOUNT, 7],
      [LEGACY_ACCOUNT, 8],
      [LEGACY_ACCOUNT, 9],
    ]);
    // "Delete everything" named nothing: it becomes deletes of what was deleted by its click.
    expect((await db.getAll('outbox')).map(({ op, mids, account }) => [op, mids, account])).toEqual(
      [
        ['read', [1, 2], LEGACY_ACCOUNT],
        ['delete', [7, 8], LEGACY_ACCOUNT],
      ],
    );
    expect(await db.get('accounts', LEGACY_ACCOUNT)).toMatchObject({ server: '', uid: '' });
    expect(await db.get('meta', 'current')).toBe(LEGACY_ACCOUNT);
    db.close();
  });

  it('a new database starts empty, with no account', async () => {
    const db = await openWxpDB();
    expect(await db.count('accounts')).toBe(0);
    expect(await db.get('meta', 'current')).toBeUndefined();
    db.close();
  });
});
