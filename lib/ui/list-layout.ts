import type { ListRow } from './list-row';

/** A row with only its line (no preview) is this tall, in px. */
export const ROW_HEIGHT = 60;
/** A row with a preview (up to two lines under its line) is this tall, in px. */
export const ROW_HEIGHT_PREVIEW = 82;
/** A day heading ("Today", "Yesterday", a date) is this tall, in px. */
export const HEADING_HEIGHT = 28;
/** Items rendered above and below the viewport, so fast scrolling does not show blanks. */
export const OVERSCAN = 6;
/** The viewport's height until it has one (first paint, and jsdom which has no layout). */
export const FALLBACK_VIEWPORT = 480;

export type LayoutItem =
  /** A day heading; `time` is the first (newest) message of that day, for its label. */
  | { kind: 'day'; key: number; time: number; top: number; height: number }
  /** The row at `index` of the list's rows. */
  | { kind: 'row'; index: number; top: number; height: number };

export interface ListLayout {
  /** Headings and rows in display order, each at its offset from the top of the list. */
  items: LayoutItem[];
  /** The item index of each row, by row index (for keyboard moves). */
  itemOfRow: Int32Array;
  height: number;
}

/** Local midnight at or before `time`. */
export function startOfDay(time: number): number {
  const d = new Date(time);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * Places rows (newest first) under a heading per local calendar day. Pure and linear; a new
 * date is built only where a day begins, so 20 000 rows lay out in a few milliseconds. Heights
 * are fixed per kind, so the window is arithmetic, never measured (MessageList.tsx).
 */
export function layoutList(rows: readonly ListRow[]): ListLayout {
  const items: LayoutItem[] = [];
  const itemOfRow = new Int32Array(rows.length);
  let top = 0;
  let dayStart = Infinity;
  let dayEnd = -Infinity;
  rows.forEach((row, index) => {
    const t = row.createTime;
    if (t < dayStart || t >= dayEnd) {
      dayStart = startOfDay(t);
      // The next midnight, found by the calendar (days with a DST change are not 24 h).
      const next = new Date(dayStart);
      next.setDate(next.getDate() + 1);
      dayEnd = next.getTime();
      items.push({ kind: 'day', key: dayStart, time: t, top, height: HEADING_HEIGHT });
      top += HEADING_HEIGHT;
    }
    const height = row.preview ? ROW_HEIGHT_PREVIEW : ROW_HEIGHT;
    itemOfRow[index] = items.length;
    items.push({ kind: 'row', index, top, height });
    top += height;
  });
  return { items, itemOfRow, height: top };
}

/** The first item whose bottom is below `offset` (binary search; items are in order). */
function firstBelow(items: readonly LayoutItem[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid]!;
    if (item.top + item.height <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Which items to render for a scroll position: those in the viewport plus `overscan` items
 * either side, as [start, end) item indices.
 */
export function itemRange(
  layout: ListLayout,
  scrollTop: number,
  viewport: number,
  overscan: number,
): { start: number; end: number } {
  const { items } = layout;
  const first = firstBelow(items, scrollTop);
  const last = firstBelow(items, scrollTop + viewport);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(items.length, last + 1 + overscan),
  };
}
