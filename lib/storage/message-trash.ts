import type { StoredMessage } from '../message';
import type { WxpDatabase } from './db';
import { applyToIndex } from './search-index';

/**
 * Deletes and their undo (docs/architecture.md §4). A delete leaves a tombstone, so no replay
 * or fetch brings the message back; the tombstone keeps the row while the delete may still be
 * undone, so undo needs nothing from the page but the ids.
 */

/** Deletes an account's messages; returns the ids that were stored. */
export async function removeMessages(
  db: WxpDatabase,
  account: number,
  ids: number[],
  now: number,
): Promise<number[]> {
  const mids = [...new Set(ids)];
  const tx = db.transaction(['messages', 'tombstones', 'searchIndex'], 'readwrite');
  const messages = tx.objectStore('messages');
  const tombstones = tx.objectStore('tombstones');
  // Pipelined: all lookups, then all writes, one transaction (see message-store putOnce).
  const rows = await Promise.all(mids.map((mid) => messages.get([account, mid])));
  const removed = mids.filter((_, i) => rows[i] !== undefined);
  await Promise.all([
    removed.length > 0 && applyToIndex(tx.objectStore('searchIndex'), account, { remove: removed }),
    ...mids.flatMap((mid, i) => {
      const row = rows[i];
      return [
        messages.delete([account, mid]),
        tombstones.put(
          row ? { account, mid, deletedAt: now, row } : { account, mid, deletedAt: now },
        ),
      ];
    }),
    tx.done,
  ]);
  return removed;
}

/** Undoes deletes: puts back the rows their tombstones kept; returns those rows. */
export async function restoreMessages(
  db: WxpDatabase,
  account: number,
  ids: number[],
): Promise<StoredMessage[]> {
  const mids = [...new Set(ids)];
  const tx = db.transaction(['messages', 'tombstones', 'searchIndex'], 'readwrite');
  const messages = tx.objectStore('messages');
  const tombstones = tx.objectStore('tombstones');
  const tombs = await Promise.all(mids.map((mid) => tombstones.get([account, mid])));
  const rows = tombs.flatMap((t) => (t?.row ? [t.row] : []));
  await Promise.all([
    rows.length > 0 && applyToIndex(tx.objectStore('searchIndex'), account, { add: rows }),
    ...rows.flatMap((row) => [tombstones.delete([account, row.mid]), messages.put(row)]),
    tx.done,
  ]);
  return rows;
}

/** Drops the undo copies of deletes the server has now been told of. */
export async function forgetUndo(db: WxpDatabase, account: number, mids: number[]): Promise<void> {
  const tx = db.transaction('tombstones', 'readwrite');
  const tombs = await Promise.all(mids.map((mid) => tx.store.get([account, mid])));
  await Promise.all([
    ...tombs.flatMap((t) => {
      if (!t?.row) return [];
      const { row: _row, ...kept } = t;
      return [tx.store.put(kept)];
    }),
    tx.done,
  ]);
}
