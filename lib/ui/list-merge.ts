import { compareRows, type ListRow } from './list-row';

/** `rows` without the `gone` ids and with `fresh` put in (replacing same ids), newest first. */
export function merged(
  rows: ListRow[],
  fresh: ListRow[],
  gone: ReadonlySet<number> = new Set(),
): ListRow[] {
  const replaced = new Set(fresh.map((r) => r.mid));
  return rows
    .filter((r) => !gone.has(r.mid) && !replaced.has(r.mid))
    .concat(fresh)
    .sort(compareRows);
}

/**
 * Adds a page of older rows to the shown ones. A row a broadcast already put in is replaced
 * by the page's copy (the changes heard during the load are re-applied at its end).
 */
export function withOlder(shown: ListRow[], older: ListRow[]): ListRow[] {
  const last = shown.at(-1);
  const first = older[0];
  // The usual case: nothing a broadcast added reaches below the page, so it just follows on.
  if (!last || !first || compareRows(last, first) < 0) return shown.concat(older);
  return merged(shown, older);
}
