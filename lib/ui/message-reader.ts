import { openWxpDB, type WxpDatabase } from '../db';
import type { StoredMessage } from '../message';
import { createMessageStore } from '../message-store';

/**
 * The page side of the database (style.md 5): pages read, only the worker writes. Besides the
 * store's paged `list`, pages may load every row at once for the popup's in-memory index.
 */
export interface MessageReader {
  get(mid: number): Promise<StoredMessage | undefined>;
  /** The newest `limit` messages, newest first: what the popup shows before the index loads. */
  newest(limit: number): Promise<StoredMessage[]>;
  /** Every stored message, newest first (one `getAll`, far faster than a cursor walk). */
  all(): Promise<StoredMessage[]>;
}

/** A reader over an open database connection. */
export function createMessageReader(db: WxpDatabase): MessageReader {
  const store = createMessageStore(db);
  return {
    get: (mid) => store.get(mid),
    newest: (limit) => store.list({ limit }),
    async all() {
      const rows = await db.getAllFromIndex('messages', 'createTime');
      return rows.reverse();
    },
  };
}

/** Opens the extension's database for reading from a page. */
export async function openMessageReader(): Promise<MessageReader> {
  return createMessageReader(await openWxpDB());
}
