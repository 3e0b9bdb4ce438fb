import { FIRST_PAGE_CURSOR, type TargetApi } from './api';
import { fromListItem } from './incoming';
import { REPLAY_WINDOW_MS, type IncomingMessage } from '../message';

/** list-v2 scenes (docs/protocol.md §4). */
export const SCENE = { MANUAL: 1, AUTO: 2, RESUME: 3, SEARCH: 4, MORE: 5 } as const;

/** Bounds one run: 100 pages of ~30; a longer backlog is taken by the runs that follow. */
export const MAX_CATCH_UP_PAGES = 100;
/** A run pages this far below `since`: messages committed out of order around it. */
export const CATCH_UP_OVERLAP_MS = 60_000;

/**
 * What is known to be stored, in the server's time (docs/protocol.md §4, Catch-up): every
 * message created from `since` on, except those in `gap` (ids below `gap.below` created from
 * `gap.downTo` on), which a run stopped at its page limit left for the next one.
 */
export interface CatchUpCursor {
  since: number;
  /**
   * The highest id known stored with `since` (0 when unknown): a page wholly at or below it
   * with nothing new ends the run early, however many messages share the overlap minute.
   */
  sinceId?: number;
  gap?: { below: number; downTo: number };
}

export interface CatchUpResult {
  pages: number;
  added: number;
  /** The cursor after this run: `since` moved only over what was read and stored. */
  next: CatchUpCursor;
  /** False when the page limit stopped it: `next.gap` says where to go on. */
  complete: boolean;
}

/** One stretch to page: from list cursor `from` down to createTime `downTo`. */
interface Stretch {
  from: number;
  downTo: number;
  /** Stop at a page wholly at or below this id whose messages were all known already. */
  knownBelow?: number;
}

/**
 * Fetches what was missed: list-v2 pages from the newest down to `since` (less the overlap,
 * and never past the 24 h horizon), then the gap a previous run left, if any. `ingest`
 * stores a page and rejects if it could not: the run then stops and the cursor stays where it
 * was, so nothing unstored is ever passed over. Times are the server's (`now` estimates it).
 *
 * Why `since` and not "stop at the first known message": a known message on top of the list
 * does not prove that everything below it is stored. The server counts a message as pushed
 * once written to the socket; a worker stopped while storing a replay loses the rest, and the
 * next connection's replay puts newer, known messages on top of that gap (the reliability
 * suite stops the worker mid-replay to check).
 */
export async function catchUp(deps: {
  api: Pick<TargetApi, 'listMessages'>;
  /** The server's time now (estimated). */
  now: () => number;
  scene: number;
  ingest: (page: IncomingMessage[]) => Promise<{ added: number }>;
  maxPages?: number;
  cursor: CatchUpCursor;
}): Promise<CatchUpResult> {
  const maxPages = deps.maxPages ?? MAX_CATCH_UP_PAGES;
  const horizon = deps.now() - REPLAY_WINDOW_MS;
  // A server clock that stepped back puts `since` in its future: what it created after the
  // step is "older than since" however new. Then times cannot bound this run; ids still can
  // (`sinceId`), and the cursor comes out in the server's new time.
  const stepped = deps.cursor.since > deps.now();
  const since = stepped ? deps.now() : deps.cursor.since;
  const sinceId = deps.cursor.sinceId ?? 0;
  const stretches: Stretch[] = [
    {
      from: FIRST_PAGE_CURSOR,
      downTo: stepped ? horizon : Math.max(since - CATCH_UP_OVERLAP_MS, horizon),
      knownBelow: sinceId,
    },
  ];
  const gap = deps.cursor.gap;
  if (gap) stretches.push({ from: gap.below, downTo: Math.max(gap.downTo, horizon) });

  let pages = 0;
  let added = 0;
  let newest: number | undefined;
  let newestId = sinceId;
  /** `since` after this run: the newest message listed (after a step, even if lower). */
  const newestTop = () => (stepped ? (newest ?? since) : Math.max(since, newest ?? since));
  for (const [index, stretch] of stretches.entries()) {
    let cursor = stretch.from;
    for (;;) {
      if (pages >= maxPages) {
        // Stopped: what lies below `cursor` (down to the lowest stretch left) is the new gap.
        const downTo = Math.min(...stretches.slice(index).map((s) => s.downTo));
        const top = newestTop();
        const next = { since: top, sinceId: newestId, gap: { below: cursor, downTo } };
        return { pages, added, complete: false, next };
      }
      const items = await deps.api.listMessages(cursor, deps.scene);
      pages++;
      const fetchedAt = deps.now();
      const page = items
        .map((item) => fromListItem(item, fetchedAt))
        .filter((m): m is IncomingMessage => m !== null);
      if (page.length === 0) break;
      const ids = page.map((m) => m.mid);
      if (index === 0 && newest === undefined) {
        newest = Math.max(...page.map((m) => m.createTime));
        newestId = Math.max(newestId, ...ids);
      }
      const pageAdded = (await deps.ingest(page)).added;
      added += pageAdded;
      const oldest = Math.min(...page.map((m) => m.createTime));
      const lowest = Math.min(...ids);
      // Below `sinceId` everything was listed (or pushed) and stored before: a page there
      // with nothing new shows the rest is known too (a message committed out of order has
      // an id next to its neighbours', on a page that then holds something new).
      const known =
        stretch.knownBelow !== undefined &&
        stretch.knownBelow > 0 &&
        Math.max(...ids) <= stretch.knownBelow &&
        pageAdded === 0;
      if (oldest < stretch.downTo || known || lowest >= cursor) break;
      cursor = lowest;
    }
  }
  return { pages, added, complete: true, next: { since: newestTop(), sinceId: newestId } };
}
