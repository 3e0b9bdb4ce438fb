import { LEGACY_ACCOUNT, type AccountRecord, type WxpDatabase } from './db';

/** Who a binding is, as far as the server says (docs/protocol.md §2 and §4). */
export interface AccountIdentity {
  server: string;
  /** '' when the server does not answer get-user-device-info. */
  uid: string;
  deviceUuid: string;
  name: string;
}

/**
 * The account a binding continues, if any: the same user on the same server; else one whose
 * user was never known on that server (kept from before accounts, or from a server without
 * get-user-device-info) and which was this device or no device there. Pure, for tests.
 */
export function matchAccount(
  records: AccountRecord[],
  who: AccountIdentity,
): AccountRecord | undefined {
  const here = records.filter((r) => r.server === who.server);
  if (who.uid) {
    const same = here.find((r) => r.uid === who.uid);
    if (same) return same;
  }
  return here.find((r) => r.uid === '' && (r.deviceUuid === '' || r.deviceUuid === who.deviceUuid));
}

/**
 * The accounts registry (docs/architecture.md §4): which server and user each stored message,
 * tombstone and queued call belongs to, and which account the worker is bound to now
 * (`meta.current`, read by pages too). Written by the worker only.
 */
export function createAccounts(database: WxpDatabase | Promise<WxpDatabase>) {
  const opened = Promise.resolve(database);

  return {
    async list(): Promise<AccountRecord[]> {
      return (await opened).getAll('accounts');
    },

    async get(id: number): Promise<AccountRecord | undefined> {
      return (await opened).get('accounts', id);
    },

    /**
     * The account of a new binding: an existing one it continues (learning its uid and name),
     * else a new one. Returns its id.
     */
    async resolve(who: AccountIdentity, now: number): Promise<number> {
      const db = await opened;
      const tx = db.transaction('accounts', 'readwrite');
      const records = await tx.store.getAll();
      const found = matchAccount(records, who);
      const id = found?.id ?? Math.max(0, ...records.map((r) => r.id)) + 1;
      await tx.store.put({
        id,
        server: who.server,
        uid: who.uid || found?.uid || '',
        deviceUuid: who.deviceUuid,
        name: who.name || found?.name || who.uid,
        createdAt: found?.createdAt ?? now,
      });
      await tx.done;
      return id;
    },

    /**
     * History kept from before accounts belongs to the server that was in use then: called at
     * start with that server (and the binding's device, if bound).
     */
    async adoptLegacy(server: string, deviceUuid: string): Promise<void> {
      const db = await opened;
      // Read first: every start asks, and a read-write transaction for nothing would come
      // before the binding is known (what the socket received waits for it).
      if ((await db.get('accounts', LEGACY_ACCOUNT))?.server !== '') return;
      const tx = db.transaction('accounts', 'readwrite');
      const legacy = await tx.store.get(LEGACY_ACCOUNT);
      if (legacy && legacy.server === '') await tx.store.put({ ...legacy, server, deviceUuid });
      await tx.done;
    },

    /** Records what a known account learnt later (its uid and name). */
    async learn(id: number, uid: string, name: string): Promise<void> {
      const db = await opened;
      const tx = db.transaction('accounts', 'readwrite');
      const record = await tx.store.get(id);
      if (record) await tx.store.put({ ...record, uid, name: name || record.name || uid });
      await tx.done;
    },

    async current(): Promise<number | null> {
      return (await (await opened).get('meta', 'current')) ?? null;
    },

    /** Records the current account; no write when it already is (every start sets it). */
    async setCurrent(id: number | null): Promise<void> {
      const db = await opened;
      if (((await db.get('meta', 'current')) ?? null) === id) return;
      await db.put('meta', id, 'current');
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
