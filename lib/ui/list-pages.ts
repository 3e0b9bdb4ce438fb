import type { StoredMessage } from '../message';
import { toListRow, type ListRow } from './list-row';
import type { MessageReader } from './message-reader';

/** Rows read first, so the popup paints at once. */
export const FIRST_PAGE = 50;
/**
 * Rows per read after the first page, when the rows themselves are read (no search index to
 * trust). IndexedDB costs per record (20 000 rows take seconds on a slow machine), so they
 * come in pages, newest first: each is shown and searchable as it lands, and typing never
 * waits behind one long read.
 */
export const LOAD_CHUNK = 1_000;

/**
 * Reads every stored row of `account` a page at a time, newest first, handing each page to
 * `onPage` as it lands; starts from `firstPage` when it was read already. Returns false when
 * `stale()` says a newer load took over.
 */
export async function readRowPages(
  reader: MessageReader,
  account: number,
  onPage: (fresh: ListRow[], first: boolean) => void,
  stale: () => boolean,
  firstPage?: StoredMessage[],
): Promise<boolean> {
  let limit = FIRST_PAGE;
  let next = firstPage ? Promise.resolve(firstPage) : reader.page(account, null, limit);
  for (let first = true; ; first = false) {
    const page = await next;
    if (stale()) return false;
    const last = page.at(-1);
    const more = !!last && page.length === limit;
    if (last && more) {
      // Ask for the next page before handling this one, so reading and rendering overlap.
      limit = LOAD_CHUNK;
      next = reader.page(account, { createTime: last.createTime, mid: last.mid }, limit);
    }
    onPage(page.map(toListRow), first);
    if (!more) return true;
  }
}
