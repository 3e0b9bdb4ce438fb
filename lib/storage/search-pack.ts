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
 * rebuilt. 2: each chunk's unread count in the head. 3: long search text split into tails.
 */
export const SEARCH_FORMAT = 3;
/** Rows per chunk: a chunk is rewritten whole when one of its rows changes. */
export const CHUNK_ROWS = 1_000;
/** Text per chunk (UTF-16 units): a chunk of long messages closes early, so rewrites stay small. */
export const CHUNK_TEXT = 512 * 1024;
/**
 * How much of a row's search text its chunk holds; the rest goes to the chunk's tail record,
 * which a page reads only when it searches (docs/architecture.md §4). Without the cut, every
 * open read the whole plain text of every message: 20 000 messages of 2 000 characters were
 * ~46 M characters to read before the list was whole.
 */
export const SEARCH_HEAD = 500;

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
  /** 1 where the row's search text goes on in the tail record. */
  cut: Uint8Array;
  /** Each text field of every row, concatenated, and the length of each row's part. */
  text: Record<TextField, string>;
  lengths: Record<TextField, Uint32Array>;
}

/**
 * The rest of the search text of a chunk's cut rows, in their order: at `no` = −(the chunk's
 * number), so a page's read of the head and chunks (numbers ≥ 0) leaves it out.
 */
export interface SearchTail {
  kind: 'tail';
  account: number;
  no: number;
  mids: Float64Array;
  text: string;
  lengths: Uint32Array;
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

export type SearchRecord = SearchHead | SearchChunk | SearchTail;

/** The index entry of a stored message: the list's row, computed once by the worker. */
export const toEntry = (m: StoredMessage): ListRow => toListRow(m);

const textSize = (row: ListRow) =>
  row.name.length + row.line.length + row.preview.length + row.searchText.length;

/** A chunk and its tail (null when no row's search text is longer than SEARCH_HEAD). */
export interface PackedChunk {
  chunk: SearchChunk;
  tail: SearchTail | null;
}

/** The key of chunk `no`'s tail record. */
export const tailNo = (no: number) => -no;

/** Packs rows into chunk `no` of `account`, and the rest of their long search texts. */
export function packChunk(account: number, no: number, rows: ListRow[]): PackedChunk {
  const text = {} as Record<TextField, string>;
  const lengths = {} as Record<TextField, Uint32Array>;
  const heads = rows.map((r) => r.searchText.slice(0, SEARCH_HEAD));
  for (const field of TEXT_FIELDS) {
    const parts = field === 'searchText' ? heads : rows.map((r) => r[field]);
    text[field] = parts.join('');
    lengths[field] = Uint32Array.from(parts, (p) => p.length);
  }
  const cutRows = rows.filter((r) => r.searchText.length > SEARCH_HEAD);
  const rests = cutRows.map((r) => r.searchText.slice(SEARCH_HEAD));
  return {
    chunk: {
      kind: 'chunk',
      account,
      no,
      mids: Float64Array.from(rows, (r) => r.mid),
      createTimes: Float64Array.from(rows, (r) => r.createTime),
      unread: Uint8Array.from(rows, (r) => (r.unread ? 1 : 0)),
      cut: Uint8Array.from(rows, (r) => (r.searchText.length > SEARCH_HEAD ? 1 : 0)),
      text,
      lengths,
    },
    tail:
      cutRows.length === 0
        ? null
        : {
            kind: 'tail',
            account,
            no: tailNo(no),
            mids: Float64Array.from(cutRows, (r) => r.mid),
            text: rests.join(''),
            lengths: Uint32Array.from(rests, (p) => p.length),
          },
  };
}

/** `whole` cut at `lengths`, checked to add up (a damaged record throws). */
function split(whole: string, lengths: Uint32Array, count: number): string[] {
  if (lengths.length !== count) throw new Error('damaged search index record');
  const parts = new Array<string>(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    parts[i] = whole.slice(at, at + lengths[i]!);
    at += lengths[i]!;
  }
  if (at !== whole.length) throw new Error('damaged search index record');
  return parts;
}

/**
 * The rows of a chunk. Without its tail, a cut row carries the head of its search text and
 * `searchCut`; with it, the whole text. Throws on a record whose columns disagree (damaged).
 */
export function unpackChunk(chunk: SearchChunk, tail?: SearchTail | null): ListRow[] {
  const count = chunk.mids.length;
  const columns = {} as Record<TextField, string[]>;
  for (const field of TEXT_FIELDS)
    columns[field] = split(chunk.text[field], chunk.lengths[field], count);
  if (
    chunk.createTimes.length !== count ||
    chunk.unread.length !== count ||
    chunk.cut?.length !== count
  )
    throw new Error('damaged search index chunk');
  const rests = tail ? tailTexts(tail) : null;
  const rows = new Array<ListRow>(count);
  for (let i = 0; i < count; i++) {
    const mid = chunk.mids[i]!;
    const row: ListRow = {
      mid,
      name: columns.name[i]!,
      line: columns.line[i]!,
      preview: columns.preview[i]!,
      createTime: chunk.createTimes[i]!,
      unread: chunk.unread[i] === 1,
      searchText: columns.searchText[i]!,
    };
    if (chunk.cut[i] === 1) {
      const rest = rests?.get(mid);
      if (rest !== undefined) row.searchText += rest;
      else if (rests) throw new Error('search index tail lacks a row');
      else row.searchCut = true;
    }
    rows[i] = row;
  }
  return rows;
}

/** The rest of each cut row's search text in a tail, by id. Throws on a damaged record. */
export function tailTexts(tail: SearchTail): Map<number, string> {
  const parts = split(tail.text, tail.lengths, tail.mids.length);
  return new Map(parts.map((part, i) => [tail.mids[i]!, part]));
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
