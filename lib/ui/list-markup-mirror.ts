import { POPUP_CACHE_KEY } from './popup-cache-key';

/**
 * The channel on which pages tell a running worker the list markup the popup cache keeps
 * (list-snapshot.ts), for it to serve the popup and the side panel with that markup in place
 * (lib/worker/served-pages.ts, docs/architecture.md §7).
 */
export const LIST_MARKUP_CHANNEL = 'wxp-list-markup';

/** What a page posts: the markup the entry keeps now, or null when it keeps none. */
export interface ListMarkupNote {
  html: string | null;
}

type EntryStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The kept markup's html in the text of a popup cache entry, or null. */
export function keptHtml(entry: string | null): string | null {
  try {
    const parsed = JSON.parse(entry ?? 'null') as { markup?: { html?: unknown } } | null;
    return typeof parsed?.markup?.html === 'string' ? parsed.markup.html : null;
  } catch {
    return null;
  }
}

let channel: BroadcastChannel | undefined;
const broadcast = (note: ListMarkupNote) =>
  (channel ??= new BroadcastChannel(LIST_MARKUP_CHANNEL)).postMessage(note);

/**
 * `storage` (the page's localStorage) with every write of the popup cache's entry told to the
 * worker when the markup it keeps changed: every page that writes the entry writes it through
 * this, so a running worker holds what the entry holds. A worker that was not running hears
 * nothing and, started later, holds nothing until the next write: it then serves the list
 * pages without markup (with its status and first rows, lib/ui/served-list.ts).
 */
export function mirrorListMarkup(
  storage: EntryStorage,
  post: (note: ListMarkupNote) => void = broadcast,
): EntryStorage {
  let told: string | null | undefined;
  const tell = (html: string | null) => {
    if (html === told) return;
    told = html;
    try {
      post({ html });
    } catch {
      // No channel here: the worker serves nothing it was not told.
    }
  };
  return {
    getItem: (key) => storage.getItem(key),
    setItem: (key, value) => {
      storage.setItem(key, value);
      if (key === POPUP_CACHE_KEY) tell(keptHtml(value));
    },
    removeItem: (key) => {
      storage.removeItem(key);
      if (key === POPUP_CACHE_KEY) tell(null);
    },
  };
}
