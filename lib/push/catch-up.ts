import { FIRST_PAGE_CURSOR, type Api } from './api';
import { fromListItem } from './incoming';
import { REPLAY_WINDOW_MS, type IncomingMessage } from '../message';

/** list-v2 scenes (docs/protocol.md §4). */
export const SCENE = { MANUAL: 1, AUTO: 2, RESUME: 3, SEARCH: 4, MORE: 5 } as const;

/** Bounds one catch-up: 100 pages of ~30 is far more than a day's 2 000-message cap. */
export const MAX_CATCH_UP_PAGES = 100;

/**
 * Fetches what was missed: list-v2 pages from the newest until a page reaches `since` (or,
 * without it, a message already known here), or the 24 h boundary, or the end. `ingest`
 * stores a page and says how many of its messages were new; the pages are handed over as they
 * arrive. `newest` is the createTime of the newest message listed (for the next `since`).
 *
 * Why `since`: a known message on the first page does not mean everything older is known.
 * The server counts a message as pushed once written to the socket; a worker stopped while
 * storing a replay loses the rest, and the next connection's replay puts newer, known
 * messages on top of that gap (the reliability suite stops the worker mid-replay to check).
 */
export async function catchUp(deps: {
  api: Api;
  now: () => number;
  scene: number;
  ingest: (page: IncomingMessage[]) => Promise<{ added: number }>;
  maxPages?: number;
  /** Everything created before this is known to be stored (the last complete catch-up). */
  since?: number;
}): Promise<{ pages: number; added: number; newest?: number }> {
  let cursor = FIRST_PAGE_CURSOR;
  let pages = 0;
  let added = 0;
  let newest: number | undefined;
  const maxPages = deps.maxPages ?? MAX_CATCH_UP_PAGES;
  while (pages < maxPages) {
    const items = await deps.api.listMessages(cursor, deps.scene);
    pages++;
    const now = deps.now();
    const page = items
      .map((item) => fromListItem(item, now))
      .filter((m): m is IncomingMessage => m !== null);
    if (page.length === 0) break;
    newest ??= Math.max(...page.map((m) => m.createTime));
    const result = await deps.ingest(page);
    added += result.added;
    const oldest = Math.min(...page.map((m) => m.createTime));
    const nextCursor = Math.min(...page.map((m) => m.mid));
    const reachedKnown =
      deps.since === undefined ? result.added < page.length : oldest < deps.since;
    if (reachedKnown || oldest < now - REPLAY_WINDOW_MS || nextCursor >= cursor) break;
    cursor = nextCursor;
  }
  return { pages, added, newest };
}
