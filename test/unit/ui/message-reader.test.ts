import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { openWxpDB, type WxpDatabase } from '../../../lib/storage/db';
import type { StoredMessage } from '../../../lib/message';
import { createAccounts } from '../../../lib/storage/accounts';
import { createMessageStore } from '../../../lib/storage/message-store';
import { createMessageReader, isOlder, type ListPosition } from '../../../lib/ui/message-reader';
import { incoming } from '../helpers';

const T = 1_700_000_000_000;
const A = 1;
let db: WxpDatabase;

/**
 * Takes away `IDBIndex.getAllRecords` (Chrome 141+; fake-indexeddb has it) until the returned
 * function puts it back, so the reader's cursor fallback for older Chrome runs too.
 */
function withoutGetAllRecords(): () => void {
  const proto = IDBIndex.prototype as unknown as Record<string, unknown>;
  const original = Object.getOwnPropertyDescriptor(proto, 'getAllRecords')!;
  delete proto.getAllRecords;
  return () => Object.defineProperty(proto, 'getAllRecords', original);
}

/** Reads the whole store page by page, as the popup does. */
async function readInPages(limit: number): Promise<number[]> {
  const reader = createMessageReader(db);
  const out: number[] = [];
  let before: ListPosition | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await reader.page(A, before, limit);
    out.push(...page.map((m) => m.mid));
    const last = page.at(-1);
    if (!last || page.length < limit) return out;
    before = { createTime: last.createTime, mid: last.mid };
  }
  throw new Error('paging did not end');
}

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openWxpDB();
  // 25 messages; mids 6–15 share one createTime, so pages split inside a run of equal times.
  const batch = Array.from({ length: 25 }, (_, i) =>
    incoming(i + 1, { createTime: i + 1 >= 6 && i + 1 <= 15 ? T + 6 : T + i + 1 }),
  );
  await createMessageStore(db).putMany(A, batch, T);
  // Another account's rows, with the same ids: never read for A.
  await createMessageStore(db).putMany(2, batch, T);
});

afterEach(() => db.close());

const newestFirst = (): number[] => {
  const order = Array.from({ length: 25 }, (_, i) => i + 1);
  const time = (mid: number) => (mid >= 6 && mid <= 15 ? T + 6 : T + mid);
  return order.sort((a, b) => time(b) - time(a) || b - a);
};

describe('message reader', () => {
  for (const path of ['getAllRecords', 'cursor fallback'] as const) {
    describe(path, () => {
      let restore = () => {};
      beforeEach(() => {
        expect('getAllRecords' in IDBIndex.prototype).toBe(true);
        if (path === 'cursor fallback') restore = withoutGetAllRecords();
      });
      afterEach(() => restore());

      it('pages newest first, each row once, across runs of equal createTime', async () => {
        for (const limit of [1, 3, 4, 7, 25, 50]) {
          expect(await readInPages(limit), `limit ${limit}`).toEqual(newestFirst());
        }
      });

      it('returns the newest page, and nothing past the oldest row', async () => {
        const reader = createMessageReader(Promise.resolve(db));
        expect((await reader.page(A, null, 3)).map((m) => m.mid)).toEqual(
          newestFirst().slice(0, 3),
        );
        expect(await reader.page(A, { createTime: T, mid: 0 }, 5)).toEqual([]);
      });
    });
  }

  it('reads everything newest first, and single rows', async () => {
    const reader = createMessageReader(db);
    expect((await reader.all(A)).map((m: StoredMessage) => m.mid)).toEqual(newestFirst());
    expect((await reader.all()).length).toBe(50);
    expect((await reader.get(A, 7))?.title).toBe('Title 7');
    expect(await reader.get(A, 99)).toBeUndefined();
  });

  it('lists the distinct app names in order, without the empty one', async () => {
    await createMessageStore(db).putMany(
      A,
      [
        incoming(101, { name: 'Ops' }),
        incoming(102, { name: '' }),
        incoming(103, { name: 'Alerts' }),
        incoming(104, { name: 'Ops' }),
        incoming(105, { name: '告警' }),
      ],
      T,
    );
    // The seeded rows are all from 'App'.
    expect(await createMessageReader(db).appNames(A)).toEqual(['Alerts', 'App', 'Ops', '告警']);
    expect(await createMessageReader(db).appNames(3)).toEqual([]);
  });

  it('knows the current account, and lists accounts with history, the current one first', async () => {
    const accounts = createAccounts(db);
    const who = (server: string) => ({ server, uid: 'U', deviceUuid: 'D', name: '' });
    expect(await accounts.resolve(who('http://a'), T)).toBe(1);
    expect(await accounts.resolve(who('http://b'), T)).toBe(2);
    expect(await accounts.resolve(who('http://c'), T)).toBe(3);
    const reader = createMessageReader(db);
    expect(await reader.currentAccount()).toBeNull();
    await accounts.setCurrent(2);
    expect(await reader.currentAccount()).toBe(2);
    // Account 3 has no messages and is not current: not listed.
    expect((await reader.accounts()).map((a) => [a.id, a.server, a.count])).toEqual([
      [2, 'http://b', 25],
      [1, 'http://a', 25],
    ]);
  });

  it('orders positions by createTime, then mid', () => {
    const at = { createTime: 10, mid: 5 };
    expect(isOlder({ createTime: 9, mid: 99 }, at)).toBe(true);
    expect(isOlder({ createTime: 10, mid: 4 }, at)).toBe(true);
    expect(isOlder({ createTime: 10, mid: 5 }, at)).toBe(false);
    expect(isOlder({ createTime: 11, mid: 1 }, at)).toBe(false);
  });
});
