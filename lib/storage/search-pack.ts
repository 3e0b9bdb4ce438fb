import type { StoredMessage } from '../message';
import { toListRow, type ListRow } from '../ui/list-row';

/**
 * The packed form of the list's rows (docs/architecture.md §4, the search index). A chunk
 * holds up to CHUNK_ROWS rows as columns: numbers in typed arrays and each text field as one
 * string with a table of lengths. IndexedDB costs per record and structured clone per object,
 * so 20 000 rows read as ~20 records of a few large values instead of 20 000 objects.
 */

/**
 * Bumped whenever ListRow, toListRow or the head changes: an index of another format is
 * rebuilt. 2: each chunk's unread count in the head.
 */
export const SEARCH_FORMAT = 2;
/** Rows per chunk: a chunk is rewritten whole when one of its rows changes. */
export const CHUNK_ROWS = 1_000;
/** Text per chunk (UTF-16 units): a chunk of long messages closes early, so rewrites stay small. */
export const CHUNK_TEXT = 512 * 1024;

const TEXT_FIELDS = ['name', 'line', 'preview', 'searchText'] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** One chunk of an account's rows: `no` ≥ 1 (0 is the head). */
export interface SearchChunk {
  kind: 'chunk';
  account: number;
  no: number;
  mids: Float64Array;
  createTimes: Float64Array;
  unread: Uint8Array;
  /** Each text field of every row, concatenated, and the length of each row's part. */
  text: Record<TextField, string>;
  lengths: Record<TextField, Uint32Array>;
}

/** Where an account's chunks are, so a change reads only the chunks its ids can be in. */
export interface ChunkInfo {
  no: number;
  /** The least and greatest mid in the chunk. */
  min: number;
  max: number;
  count: number;
  /** How many of its rows are unread: the head sums the account's badge count. */
  unread: number;
  /** Text held, in UTF-16 units. */
  size: number;
}

/** An account's index: present and of this format means every row of the account is in it. */
export interface SearchHead {
  kind: 'head';
  account: number;
  no: 0;
  format: number;
  chunks: ChunkInfo[];
  /** The number the next new chunk gets. */
  next: number;
}

export type SearchRecord = SearchHead | SearchChunk;

/** The index entry of a stored message: the list's row, computed once by the worker. */
export const toEntry = (m: StoredMessage): ListRow => toListRow(m);

const textSize = (row: ListRow) =>
  row.name.length + row.line.length + row.preview.length + row.searchText.length;

/** Packs rows into chunk `no` of `account`. */
export function packChunk(account: number, no: number, rows: ListRow[]): SearchChunk {
  const text = {} as Record<TextField, string>;
  const lengths = {} as Record<TextField, Uint32Array>;
  for (const field of TEXT_FIELDS) {
    const parts = rows.map((r) => r[field]);
    text[field] = parts.join('');
    lengths[field] = Uint32Array.from(parts, (p) => p.length);
  }
  return {
    kind: 'chunk',
    account,
    no,
    mids: Float64Array.from(rows, (r) => r.mid),
    createTimes: Float64Array.from(rows, (r) => r.createTime),
    unread: Uint8Array.from(rows, (r) => (r.unread ? 1 : 0)),
    text,
    lengths,
  };
}

/** The rows of a chunk. Throws on a chunk whose columns disagree (a damaged record). */
export function unpackChunk(chunk: SearchChunk): ListRow[] {
  const count = chunk.mids.length;
  const columns = {} as Record<TextField, string[]>;
  for (const field of TEXT_FIELDS) {
    const whole = chunk.text[field];
    const lengths = chunk.lengths[field];
    if (lengths.length !== count) throw new Error('damaged search index chunk');
    const parts = new Array<string>(count);
    let at = 0;
    for (let i = 0; i < count; i++) {
      parts[i] = whole.slice(at, at + lengths[i]!);
      at += lengths[i]!;
    }
    if (at !== whole.length) throw new Error('damaged search index chunk');
    columns[field] = parts;
  }
  if (chunk.createTimes.length !== count || chunk.unread.length !== count)
    throw new Error('damaged search index chunk');
  const rows = new Array<ListRow>(count);
  for (let i = 0; i < count; i++) {
    rows[i] = {
      mid: chunk.mids[i]!,
      name: columns.name[i]!,
      line: columns.line[i]!,
      preview: columns.preview[i]!,
      createTime: chunk.createTimes[i]!,
      unread: chunk.unread[i] === 1,
      searchText: columns.searchText[i]!,
    };
  }
  return rows;
}

/** What the head says of a chunk holding `rows`. */
export function chunkInfo(no: number, rows: ListRow[]): ChunkInfo {
  let min = Infinity;
  let max = -Infinity;
  let size = 0;
  let unread = 0;
  for (const r of rows) {
    if (r.mid < min) min = r.mid;
    if (r.mid > max) max = r.mid;
    size += textSize(r);
    if (r.unread) unread++;
  }
  return { no, min, max, count: rows.length, unread, size };
}

/** Whether a chunk with this info takes one more row of `size` text. */
export const hasRoom = (info: ChunkInfo, size: number): boolean =>
  info.count < CHUNK_ROWS && info.size + size <= CHUNK_TEXT;

export { textSize };
