import type { StoredMessage } from '../message';
import type { ListRow } from '../ui/list-row';
import { compareRows } from '../ui/list-row';
import type { WxpDatabase } from './db';
import {
  SEARCH_FORMAT,
  chunkInfo,
  hasRoom,
  packChunk,
  tailNo,
  tailTexts,
  textSize,
  toEntry,
  unpackChunk,
  type ChunkInfo,
  type SearchHead,
  type SearchRecord,
} from './search-pack';

/**
 * The search index (docs/architecture.md §4): every row of an account as the list shows and
 * searches it, packed into a few records (search-pack.ts) so a page reads all of them in a
 * fraction of what reading the rows costs. The worker keeps it in step inside the same
 * transaction as each change to the rows ({@link applyToIndex}), so the two never disagree;
 * an index that is missing, of another format or damaged is ignored by pages (they read the
 * rows instead) and rebuilt by the worker ({@link buildSearchIndex}).
 */

/** The object store inside a readwrite transaction, as the write paths hand it in. */
export interface IndexStore {
  get(key: [number, number]): Promise<SearchRecord | undefined>;
  put(value: SearchRecord): Promise<unknown>;
  delete(key: [number, number] | IDBKeyRange): Promise<void>;
}

/** What a write did to an account's rows. */
export interface IndexChange {
  /** Rows stored (new ones, or restored from a delete). */
  add?: StoredMessage[];
  /** Ids marked read, or unread. */
  read?: number[];
  unread?: number[];
  /** Ids whose rows were deleted. */
  remove?: number[];
}

/** Every record of an account in the index store: its tails, head and chunks. */
export const accountRecords = (account: number) =>
  IDBKeyRange.bound([account, -Infinity], [account, Infinity]);

/** An account's head and chunks, without the tails (numbered below 0): what a list reads first. */
export const listRecords = (account: number) =>
  IDBKeyRange.bound([account, 0], [account, Infinity]);

/** An account's tail records (search-pack.ts). */
const tailRecords = (account: number) =>
  IDBKeyRange.bound([account, -Infinity], [account, 0], false, true);

const headKey = (account: number): [number, number] => [account, 0];

function isCurrentHead(record: SearchRecord | undefined): record is SearchHead {
  return record?.kind === 'head' && record.format === SEARCH_FORMAT && Array.isArray(record.chunks);
}

/**
 * Applies a change of an account's rows to its index, in the caller's transaction (the one
 * that changed the rows). Without an index nothing is done: it is built whole later. A damaged
 * chunk drops the head, so pages ignore the index until the worker rebuilds it; the rows'
 * write is never failed by the index.
 */
export async function applyToIndex(
  store: IndexStore,
  account: number,
  change: IndexChange,
): Promise<void> {
  const head = await store.get(headKey(account));
  if (!isCurrentHead(head)) return;
  const writes: Promise<unknown>[] = [];
  try {
    const chunks = new Map<number, ListRow[]>();
    /** The loaded chunks that have a tail record: only theirs can go stale. */
    const tailed = new Set<number>();
    const load = async (nos: Iterable<number>) => {
      const wanted = [...nos].filter((no) => !chunks.has(no));
      const records = await Promise.all(
        wanted.map((no) =>
          Promise.all([store.get([account, no]), store.get([account, tailNo(no)])]),
        ),
      );
      records.forEach(([record, tail], i) => {
        if (record?.kind !== 'chunk') throw new Error('search index chunk missing');
        if (tail !== undefined && tail.kind !== 'tail')
          throw new Error('search index tail damaged');
        // With its tail (when it has one), a chunk unpacks to rows with their whole search text.
        const rows = unpackChunk(record, tail ?? null);
        if (!tail && rows.some((row) => row.searchCut))
          throw new Error('search index tail missing');
        if (tail) tailed.add(wanted[i]!);
        chunks.set(wanted[i]!, rows);
      });
    };

    const read = new Set(change.read);
    const unread = new Set(change.unread);
    const removed = new Set(change.remove);
    const edited = [...read, ...unread, ...removed];
    if (edited.length > 0) {
      // Only the chunks whose id range can hold an edited id are read.
      await load(
        head.chunks
          .filter((c) => edited.some((mid) => mid >= c.min && mid <= c.max))
          .map((c) => c.no),
      );
      for (const [no, rows] of chunks) {
        const kept: ListRow[] = [];
        for (const row of rows) {
          if (removed.has(row.mid)) continue;
          if (read.has(row.mid)) kept.push({ ...row, unread: false });
          else if (unread.has(row.mid)) kept.push({ ...row, unread: true });
          else kept.push(row);
        }
        chunks.set(no, kept);
      }
    }

    const added = change.add ?? [];
    if (added.length > 0) {
      // New rows fill the newest chunk while it has room, then new chunks.
      let open: ChunkInfo | undefined = head.chunks.at(-1);
      if (open) await load([open.no]);
      let info = open ? chunkInfo(open.no, chunks.get(open.no)!) : undefined;
      for (const m of added) {
        const entry = toEntry(m);
        if (!info || !hasRoom(info, textSize(entry))) {
          open = { no: head.next++, min: entry.mid, max: entry.mid, count: 0, unread: 0, size: 0 };
          chunks.set(open.no, []);
          info = open;
        }
        chunks.get(info.no)!.push(entry);
        info = {
          ...info,
          count: info.count + 1,
          size: info.size + textSize(entry),
        };
      }
    }

    const infos = new Map(head.chunks.map((c) => [c.no, c]));
    for (const [no, rows] of chunks) {
      const { chunk, tail } =
        rows.length === 0 ? { chunk: null, tail: null } : packChunk(account, no, rows);
      if (chunk) {
        infos.set(no, chunkInfo(no, rows));
        writes.push(store.put(chunk));
      } else {
        infos.delete(no);
        writes.push(store.delete([account, no]));
      }
      // Pushed as each is issued: one that throws at once leaves the earlier ones handled.
      if (tail) writes.push(store.put(tail));
      else if (tailed.has(no)) writes.push(store.delete([account, tailNo(no)]));
    }
    const chunkList = [...infos.values()].sort((a, b) => a.no - b.no);
    writes.push(store.put({ ...head, chunks: chunkList }));
    await Promise.all(writes);
  } catch {
    // A damaged record: without its head the index is ignored until rebuilt. (Writes already
    // issued settle with the transaction; their errors are this one's.)
    for (const write of writes) write.catch(() => undefined);
    await store.delete(headKey(account));
  }
}

/**
 * An account's unread count from its index head, or null without an index to trust. Kept in
 * the rows' own transactions like the rest of the index, it costs one small read, where
 * counting the `unread` index walks every unread row (about 3 ms per 1 000 in Chromium, paid
 * by every write's badge update: docs/architecture.md §4).
 */
export async function unreadInIndex(db: WxpDatabase, account: number): Promise<number | null> {
  const head = await db.get('searchIndex', headKey(account));
  if (!isCurrentHead(head)) return null;
  let unread = 0;
  for (const chunk of head.chunks) {
    if (!Number.isSafeInteger(chunk.unread) || chunk.unread < 0) return null;
    unread += chunk.unread;
  }
  return unread;
}

/** Drops an account's index head (pages then read the rows; the worker rebuilds it). */
export async function dropSearchIndex(db: WxpDatabase, account: number): Promise<void> {
  await db.delete('searchIndex', headKey(account));
}

/**
 * Builds an account's index from its rows, unless it has one of this format (`force`: even
 * then, for a page that found it damaged). The check reads only the index's head, so a worker
 * starting does not hold its first writes behind a count of every row. The build is one
 * readwrite transaction over the rows and the index, so no write falls between reading the
 * rows and storing the index. Returns whether it built.
 */
export async function buildSearchIndex(
  db: WxpDatabase,
  account: number,
  force = false,
): Promise<boolean> {
  if (!force && isCurrentHead(await db.get('searchIndex', headKey(account)))) return false;
  const tx = db.transaction(['messages', 'searchIndex'], 'readwrite');
  const messages = tx.objectStore('messages');
  const index = tx.objectStore('searchIndex');
  await index.delete(accountRecords(account));
  const built: SearchHead = {
    kind: 'head',
    account,
    no: 0,
    format: SEARCH_FORMAT,
    chunks: [],
    next: 1,
  };
  let rows: ListRow[] = [];
  let info: ChunkInfo | undefined;
  const flush = () => {
    if (!info || rows.length === 0) return;
    built.chunks.push(chunkInfo(info.no, rows));
    // The old records are gone (deleted above): a chunk without a tail writes none.
    const { chunk, tail } = packChunk(account, info.no, rows);
    void index.put(chunk);
    if (tail) void index.put(tail);
    rows = [];
  };
  // Read in pages by key (account, mid), so memory holds one page of full rows at a time.
  let after = -Infinity;
  for (;;) {
    const range = IDBKeyRange.bound([account, after], [account, Infinity], true);
    const page = await messages.getAll(range, 1_000);
    for (const m of page) {
      const entry = toEntry(m);
      if (!info || !hasRoom(info, textSize(entry))) {
        flush();
        info = {
          no: built.next++,
          min: entry.mid,
          max: entry.mid,
          count: 0,
          unread: 0,
          size: 0,
        };
      }
      rows.push(entry);
      info = { ...info, count: info.count + 1, size: info.size + textSize(entry) };
    }
    if (page.length < 1_000) break;
    after = page.at(-1)!.mid;
  }
  flush();
  await index.put(built);
  await tx.done;
  return true;
}

/**
 * Every row of an account from its index, newest first, or null when the index cannot be
 * trusted (missing, another format, damaged). Its rows are not counted against the store's:
 * counting 20 000 keys costs about as much as reading the index, and only the worker writes
 * rows, in the same transaction as their index (anything else writing rows must drop the
 * head, as a failed write does).
 */
export async function readSearchIndex(db: WxpDatabase, account: number): Promise<ListRow[] | null> {
  try {
    return indexRows(await db.getAll('searchIndex', listRecords(account)));
  } catch {
    return null;
  }
}

/**
 * The rest of the search text of an account's cut rows (`searchCut`), by id: what a list
 * reads before it searches them. Null when a tail is damaged. A row cut when the list read it
 * but missing here was changed since: the list hears of it (docs/architecture.md §4).
 */
export async function readSearchTails(
  db: WxpDatabase,
  account: number,
): Promise<Map<number, string> | null> {
  try {
    // A record per request, not one getAll: each is turned into strings in a task of its own
    // (a few ms for 500 K characters), where one read of every tail held the page's thread
    // for ~450 ms at 20 000 messages of 2 000 characters; typing goes on meanwhile.
    const store = db.transaction('searchIndex').store;
    const keys = await store.getAllKeys(tailRecords(account));
    const rests = new Map<number, string>();
    for (const record of await Promise.all(keys.map((key) => store.get(key)))) {
      if (record?.kind !== 'tail') return null;
      for (const [mid, rest] of tailTexts(record)) rests.set(mid, rest);
    }
    return rests;
  } catch {
    return null;
  }
}

/**
 * The rows of an account's index records (head first, as one read of `listRecords` returns
 * them), newest first; null when they cannot be trusted. Rows whose search text goes on in a
 * tail carry its start and `searchCut`.
 */
export function indexRows(records: SearchRecord[]): ListRow[] | null {
  try {
    const head = records[0];
    if (!isCurrentHead(head)) return null;
    const chunks = new Map(records.map((r) => [r.no, r]));
    const rows: ListRow[] = [];
    for (const info of head.chunks) {
      const chunk = chunks.get(info.no);
      if (chunk?.kind !== 'chunk' || chunk.mids.length !== info.count) return null;
      for (const row of unpackChunk(chunk)) rows.push(row);
    }
    if (new Set(rows.map((r) => r.mid)).size !== rows.length) return null;
    return rows.sort(compareRows);
  } catch {
    return null;
  }
}
