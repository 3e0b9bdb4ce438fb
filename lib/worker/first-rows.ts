import type { Clock } from '../clock';
import type { CachedRow } from '../ui/popup-cache';

/** After a change, the rows are read again this long after the last one (a burst reads once). */
export const FIRST_ROWS_REFRESH_MS = 500;

/**
 * The bound account's newest rows as a list page the worker serves shows them
 * (lib/worker/served-pages.ts, docs/architecture.md §7), kept between opens: read from the
 * database at a page's navigation they held its document back by a read (−5.9 ms first rows
 * painted with them kept, 14 paired opens). Forgotten on every change to stored messages (the
 * worker publishes each one, lib/worker/message-actions.ts) and read again shortly after, so
 * the next open finds them ready; one read at a time per account, and a read that fails keeps
 * nothing.
 */
export function createFirstRows(deps: {
  read: (account: number) => Promise<CachedRow[]>;
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** The account whose rows to read again after a change; null while not bound. */
  bound: () => number | null;
}) {
  let kept: { account: number; rows: Promise<CachedRow[]> } | null = null;
  let refresh: unknown;

  function get(account: number): Promise<CachedRow[]> {
    if (kept?.account === account) return kept.rows;
    const rows = deps.read(account);
    const entry = { account, rows };
    kept = entry;
    rows.catch(() => {
      if (kept === entry) kept = null;
    });
    return rows;
  }

  return {
    /** The newest rows of `account`: kept, or read now. */
    get,
    /** Stored messages changed: what was kept is dropped, and read again soon. */
    changed(): void {
      kept = null;
      if (refresh !== undefined) deps.clock.clearTimeout(refresh);
      refresh = deps.clock.setTimeout(() => {
        refresh = undefined;
        const account = deps.bound();
        if (account !== null) get(account).catch(() => undefined);
      }, FIRST_ROWS_REFRESH_MS);
    },
  };
}

export type FirstRows = ReturnType<typeof createFirstRows>;
