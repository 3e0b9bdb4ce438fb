import type { StoredMessage } from '../message';
import { contentToPlainText, summarize } from '../render/plain-text';

/** How long a row's one-line text may be; the popup is ~380 px wide. */
export const ROW_TEXT_MAX = 90;

/** What the popup keeps in memory per message; `toListRow` is a pure mapper. */
export interface ListRow {
  mid: number;
  name: string;
  /** Title, else summary, else the start of the content: never empty when there is text. */
  line: string;
  createTime: number;
  unread: boolean;
  /** Lower-cased title, summary, content and app name, from the stored row. */
  searchText: string;
}

/** The row the list shows for a stored message. */
export function toListRow(m: StoredMessage): ListRow {
  const text = m.title.trim() || m.summary.trim() || contentToPlainText(m.content, m.contentType);
  return {
    mid: m.mid,
    name: m.name,
    line: summarize(text, ROW_TEXT_MAX),
    createTime: m.createTime,
    unread: m.unread === 1,
    searchText: m.searchText,
  };
}

/** Newest first, the store's order: createTime, then mid, descending. */
export function compareRows(a: ListRow, b: ListRow): number {
  return b.createTime - a.createTime || b.mid - a.mid;
}

/** True when the row matches an already lower-cased, trimmed query and the app filter. */
export function rowMatches(row: ListRow, needle: string, app: string): boolean {
  return (!app || row.name === app) && (!needle || row.searchText.includes(needle));
}
