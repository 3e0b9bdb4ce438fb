import type { StoredMessage } from '../message';
import { contentToPlainText, summarize } from '../render/plain-text';

/** How long a row's one-line text may be; the popup is ~380 px wide. */
export const ROW_TEXT_MAX = 90;
/** How long a row's preview may be: two lines of the popup (CSS clamps what CJK overflows). */
export const ROW_PREVIEW_MAX = 140;
/**
 * How much of the content the preview reads. Only the start can show, and content may be
 * 40 000 characters of markup: converting a bounded head keeps every row's cost small, so
 * 20 000 rows read at open stay fast (the popup's first paint is benchmarked).
 */
export const PREVIEW_SOURCE_MAX = 4_000;

/** What the popup keeps in memory per message; `toListRow` is a pure mapper. */
export interface ListRow {
  mid: number;
  name: string;
  /** Title, else summary, else the start of the content: never empty when there is text. */
  line: string;
  /**
   * The body under the line, as plain text in its original case (never markup): the summary,
   * or the content, whichever says more than the line already does; '' when nothing does.
   */
  preview: string;
  createTime: number;
  unread: boolean;
  /** Lower-cased title, summary, content and app name, from the stored row. */
  searchText: string;
  /**
   * The search text holds only its start: the rest is in the search index's tail record,
   * which the list reads before it searches (lib/storage/search-pack.ts).
   */
  searchCut?: true;
  /**
   * The rest of a long search text, after `searchText`, once the list has read it: kept
   * apart (a slice of the tail record's text), as joining it to the start would copy every
   * long message's text again.
   */
  searchRest?: string;
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** `text` without a leading `lead` (the line shown above it), so the preview never repeats it. */
function after(text: string, lead: string): string {
  const body = flat(text);
  const start = flat(lead).replace(/…$/, '');
  if (!start) return body;
  if (body === start) return '';
  return body.startsWith(start) ? body.slice(start.length).trim() : body;
}

/**
 * The row the list shows for a stored message. The preview is derived here, when the page
 * reads the row, rather than stored by the worker: it is a pure function of fields every row
 * already has, so rows stored by any earlier version get one without a database upgrade.
 */
export function toListRow(m: StoredMessage): ListRow {
  const title = m.title.trim();
  const summary = m.summary.trim();
  let body: string | undefined;
  const content = () =>
    (body ??= contentToPlainText(m.content.slice(0, PREVIEW_SOURCE_MAX), m.contentType));
  // Without a title or summary, the content's first line heads the row and the rest follows.
  const line = title || summary || (content().split('\n', 1)[0] ?? '');
  let preview = '';
  if (title) {
    // Under a title, the summary or the content whole, whichever does not just repeat it.
    for (const text of [summary, content]) {
      const candidate = flat(typeof text === 'string' ? text : text());
      if (candidate && candidate !== flat(title)) {
        preview = candidate;
        break;
      }
    }
  } else {
    // The line is the summary or the content's first line: the preview continues after it.
    preview = after(content(), line);
  }
  return {
    mid: m.mid,
    name: m.name,
    line: summarize(line, ROW_TEXT_MAX),
    preview: summarize(preview, ROW_PREVIEW_MAX),
    createTime: m.createTime,
    unread: m.unread === 1,
    searchText: m.searchText,
  };
}

/** Newest first, the store's order: createTime, then mid, descending. */
export function compareRows(a: ListRow, b: ListRow): number {
  return b.createTime - a.createTime || b.mid - a.mid;
}

/**
 * True when the row matches an already lower-cased, trimmed query, the app filter and, with
 * `unreadOnly`, is unread.
 */
export function rowMatches(row: ListRow, needle: string, app: string, unreadOnly = false): boolean {
  return (
    (!unreadOnly || row.unread) &&
    (!app || row.name === app) &&
    (!needle ||
      row.searchText.includes(needle) ||
      (row.searchRest !== undefined && restMatches(row.searchText, row.searchRest, needle)))
  );
}

/** Whether `needle` is in `rest`, or across the seam between the start and the rest. */
function restMatches(start: string, rest: string, needle: string): boolean {
  if (rest.includes(needle)) return true;
  const overlap = needle.length - 1;
  return overlap > 0 && (start.slice(-overlap) + rest.slice(0, overlap)).includes(needle);
}

/** The apps `rows` come from, each once, in the locale's order: the app filter's choices. */
export function appNames(rows: readonly Pick<ListRow, 'name'>[]): string[] {
  return [...new Set(rows.map((r) => r.name).filter(Boolean))].sort((a, b) => a.localeCompare(b));
}

/** How many of `rows` are unread: the toolbar's count. */
export function unreadIn(rows: readonly Pick<ListRow, 'unread'>[]): number {
  return rows.reduce((n, r) => n + (r.unread ? 1 : 0), 0);
}
