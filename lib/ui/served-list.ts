import { parseSnapshot, type CachedRow, type PopupSnapshot } from './popup-cache';
import type { WorkerStatus } from '../protocol';
import { jsonBlock } from './served-row';

/**
 * What the worker puts into a list page it serves with no kept markup (the popup's or the side
 * panel's first open, or after the pages forgot their list: lib/worker/served-pages.ts,
 * docs/architecture.md §7): its status and the bound account's newest rows, as the popup cache
 * keeps them (lib/ui/popup-cache.ts). The page paints them as it paints remembered ones, at
 * once, and the worker's and the database's own answers replace them.
 */
export const SERVED_LIST_ID = 'wxp-served-list';

/** The block's content: a bound status and the first rows, as the cache keeps them. */
export interface ServedList {
  status: WorkerStatus;
  rows: CachedRow[];
}

/** The block, put before the boot script, which runs after it. */
export function servedListBlock(list: ServedList): string {
  return jsonBlock(SERVED_LIST_ID, list);
}

/** What the worker put into `doc`, made usable as the cache's snapshot; null without it. */
export function readServedList(doc: Document): PopupSnapshot | null {
  const text = doc.getElementById(SERVED_LIST_ID)?.textContent;
  if (!text) return null;
  try {
    return parseSnapshot(JSON.parse(text));
  } catch {
    return null;
  }
}
