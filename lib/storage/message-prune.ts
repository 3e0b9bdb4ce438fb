import type { WxpDatabase } from './db';
import { applyToIndex, type IndexStore } from './search-index';

/** A message as retention names it: its account and id. */
export interface MessageKey {
  account: number;
  mid: number;
}

/** Groups message keys by account. */
export function groupByAccount(keys: MessageKey[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const { account, mid } of keys) {
    const group = groups.get(account);
    if (group) group.push(mid);
    else groups.set(account, [mid]);
  }
  return groups;
}

/** Removes dropped rows from their accounts' search indexes, in the dropping transaction. */
async function dropFromIndex(store: IndexStore, dropped: MessageKey[]): Promise<void> {
  for (const [account, mids] of groupByAccount(dropped))
    await applyToIndex(store, account, { remove: mids });
}

/** Deletes the `count` oldest messages of every account; returns their keys. */
export async function dropOldest(db: WxpDatabase, count: number): Promise<MessageKey[]> {
  const tx = db.transaction(['messages', 'searchIndex'], 'readwrite');
  const dropped: MessageKey[] = [];
  let cursor = await tx.objectStore('messages').index('createTime').openCursor(null, 'next');
  while (cursor && dropped.length < count) {
    dropped.push({ account: cursor.value.account, mid: cursor.value.mid });
    await cursor.delete();
    cursor = await cursor.continue();
  }
  await dropFromIndex(tx.objectStore('searchIndex'), dropped);
  await tx.done;
  return dropped;
}

/** What retention keeps; see {@link pruneMessages}. */
export interface PruneLimits {
  /** Server time (createTime's clock, estimated): messages created before it go. */
  createdBefore: number;
  /** This browser's time: tombstones of deletes before it are forgotten. */
  deletedBefore: number;
  /** Undo copies kept in tombstones of deletes before this are dropped. */
  undoBefore: number;
  maxCount: number;
}

/**
 * Applies retention over every account: drops messages created before `createdBefore`, then
 * the oldest past `maxCount`; forgets old tombstones and old undo copies. Returns the messages
 * dropped and the tombstones forgotten. `createdBefore` is
 * on the server's clock, like `createTime`: a browser clock days fast never prunes a message
 * just received (docs/architecture.md §4, §5).
 */
export async function pruneMessages(
  db: WxpDatabase,
  limits: PruneLimits,
): Promise<{ dropped: MessageKey[]; forgotten: MessageKey[] }> {
  const tx = db.transaction(['messages', 'tombstones', 'searchIndex'], 'readwrite');
  const dropped: MessageKey[] = [];
  const forgotten: MessageKey[] = [];
  let cursor = await tx
    .objectStore('messages')
    .index('createTime')
    .openCursor(IDBKeyRange.upperBound(limits.createdBefore, true));
  while (cursor) {
    dropped.push({ account: cursor.value.account, mid: cursor.value.mid });
    await cursor.delete();
    cursor = await cursor.continue();
  }
  let tomb = await tx.objectStore('tombstones').index('deletedAt').openCursor();
  while (tomb && tomb.value.deletedAt < limits.undoBefore) {
    if (tomb.value.deletedAt < limits.deletedBefore) {
      forgotten.push({ account: tomb.value.account, mid: tomb.value.mid });
      await tomb.delete();
    } else if (tomb.value.row) {
      const { row: _row, ...kept } = tomb.value;
      await tomb.update(kept);
    }
    tomb = await tomb.continue();
  }
  await dropFromIndex(tx.objectStore('searchIndex'), dropped);
  await tx.done;
  const excess = (await db.count('messages')) - limits.maxCount;
  if (excess > 0) dropped.push(...(await dropOldest(db, excess)));
  return { dropped, forgotten };
}
