import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAccounts } from '../../../lib/storage/accounts';
import { LEGACY_ACCOUNT, openWxpDB } from '../../../lib/storage/db';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('accounts at a worker’s start', () => {
  it('writes the current account and the legacy adoption only when they change', async () => {
    const db = await openWxpDB();
    const accounts = createAccounts(db);
    const transaction = vi.spyOn(db, 'transaction');
    const writes = () => transaction.mock.calls.filter(([, mode]) => mode === 'readwrite').length;

    await accounts.setCurrent(5);
    expect(await accounts.current()).toBe(5);
    const afterFirst = writes();
    expect(afterFirst).toBe(1);
    // Every start sets it again: no write when it already is.
    await accounts.setCurrent(5);
    await accounts.adoptLegacy('http://s.test', 'D1');
    expect(writes()).toBe(afterFirst);
    await accounts.setCurrent(null);
    expect(await accounts.current()).toBeNull();
    expect(writes()).toBe(afterFirst + 1);

    // History kept from before accounts is still adopted, once.
    await db.put('accounts', {
      id: LEGACY_ACCOUNT,
      server: '',
      uid: '',
      deviceUuid: '',
      name: '',
      createdAt: 0,
    });
    await accounts.adoptLegacy('http://s.test', 'D1');
    expect(await accounts.get(LEGACY_ACCOUNT)).toMatchObject({
      server: 'http://s.test',
      deviceUuid: 'D1',
    });
    const adopted = writes();
    await accounts.adoptLegacy('http://s.test', 'D1');
    expect(writes()).toBe(adopted);
  });
});
