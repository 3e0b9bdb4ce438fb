import type { WorkerStatus } from '../protocol';
import type { ListRow } from './list-row';
import { POPUP_CACHE_KEY } from './popup-cache-key';

/**
 * What the popup remembers between opens: the last status (only while bound) and the first
 * rows. The popup paints them at once, before the worker (which may be waking up) and the
 * database (an open costs a round trip) answer, and replaces them when they do, tens of
 * milliseconds later. Nothing secret: WorkerStatus carries no token, and the rows are the
 * lines the list shows. Kept in the page's localStorage, which reads synchronously. The same
 * entry holds the list's last markup (list-snapshot.ts), which a boot script paints even
 * before the app's modules load.
 */
export interface PopupSnapshot {
  status: WorkerStatus;
  rows: ListRow[];
}

export interface PopupCache {
  read(): PopupSnapshot | null;
  write(snapshot: PopupSnapshot): void;
  clear(): void;
}

/** Enough rows to fill the popup's list window (8 in view plus overscan). */
export const CACHED_ROWS = 20;

/** `preview` may be missing: rows remembered by a version without previews are still good. */
export type CachedRow = Omit<ListRow, 'searchText' | 'preview'> & { preview?: string };

/** The first rows as the cache keeps them: what the list shows, no search text. */
export function cachedRows(rows: ListRow[]): CachedRow[] {
  return rows.slice(0, CACHED_ROWS).map((r) => ({
    mid: r.mid,
    name: r.name,
    line: r.line,
    preview: r.preview,
    createTime: r.createTime,
    unread: r.unread,
  }));
}

/**
 * A snapshot as stored (or as the worker serves it with a list page, lib/worker/served-pages.ts)
 * made usable; null unless it holds a bound status and well-formed rows.
 */
export function parseSnapshot(value: unknown): PopupSnapshot | null {
  const parsed = value as { status?: WorkerStatus; rows?: unknown } | null;
  const status = parsed?.status;
  if (status?.binding?.kind !== 'bound' || typeof status.serverUrl !== 'string') return null;
  if (!Array.isArray(parsed!.rows) || !parsed!.rows.every(isCachedRow)) return null;
  // Search needs a searchText; until the real rows land (ms later) the line serves.
  const rows = parsed!.rows.map((r) => ({
    mid: r.mid,
    name: r.name,
    line: r.line,
    preview: r.preview ?? '',
    createTime: r.createTime,
    unread: r.unread,
    searchText: `${r.line}\n${r.preview ?? ''}\n${r.name}`.toLowerCase(),
  }));
  return { status, rows };
}

function isCachedRow(value: unknown): value is CachedRow {
  const row = value as CachedRow | null;
  return (
    typeof row === 'object' &&
    row !== null &&
    typeof row.mid === 'number' &&
    typeof row.name === 'string' &&
    typeof row.line === 'string' &&
    (row.preview === undefined || typeof row.preview === 'string') &&
    typeof row.createTime === 'number' &&
    typeof row.unread === 'boolean'
  );
}

/** A cache over `storage` (the page's localStorage); a damaged entry is dropped, not trusted. */
export function createPopupCache(
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
): PopupCache {
  /** The status and rows last written, to skip writing them again unchanged. */
  let lastWritten: string | undefined;
  const keptMarkup = (): unknown => {
    try {
      return (JSON.parse(storage.getItem(POPUP_CACHE_KEY) ?? '{}') as { markup?: unknown }).markup;
    } catch {
      return undefined;
    }
  };
  const clear = () => {
    lastWritten = undefined;
    try {
      storage.removeItem(POPUP_CACHE_KEY);
    } catch {
      // Storage unavailable: nothing was cached either.
    }
  };
  return {
    read() {
      try {
        const raw = storage.getItem(POPUP_CACHE_KEY);
        if (!raw) return null;
        const snapshot = parseSnapshot(JSON.parse(raw));
        if (!snapshot) throw new Error('not a bound status with well-formed rows');
        return snapshot;
      } catch {
        clear();
        return null;
      }
    },
    write({ status, rows }) {
      if (status.binding.kind !== 'bound') return clear();
      const cached = cachedRows(rows);
      const fresh = JSON.stringify({ status, rows: cached });
      // The list reads its rows a page at a time: the first rows rarely change as it does.
      if (fresh === lastWritten) return;
      try {
        // The list's markup (list-snapshot.ts) shares the entry and stays until re-saved.
        storage.setItem(
          POPUP_CACHE_KEY,
          JSON.stringify({ status, rows: cached, markup: keptMarkup() }),
        );
        lastWritten = fresh;
      } catch {
        // A full or disabled storage costs only the head start.
      }
    },
    clear,
  };
}
