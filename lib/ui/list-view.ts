import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { rowMatches, type ListRow } from './list-row';

/** The list's view choices kept across opens (of the popup and the side panel alike). */
export interface ListPrefs {
  unreadOnly: boolean;
}

export interface ListPrefsStore {
  read(): ListPrefs;
  write(prefs: ListPrefs): void;
}

export const LIST_PREFS_KEY = 'wxp-list-prefs-v1';
const DEFAULT_PREFS: ListPrefs = { unreadOnly: false };

/**
 * Prefs in the page's localStorage: read synchronously, so the first paint already shows the
 * chosen view; shared by every extension page. A damaged entry reads as the defaults.
 */
export function createListPrefs(
  storage: Pick<Storage, 'getItem' | 'setItem'> | null,
): ListPrefsStore {
  let memory = DEFAULT_PREFS;
  return {
    read() {
      try {
        const raw = storage?.getItem(LIST_PREFS_KEY);
        const parsed = raw ? (JSON.parse(raw) as Partial<ListPrefs>) : null;
        return { unreadOnly: parsed?.unreadOnly === true };
      } catch {
        return memory;
      }
    },
    write(prefs) {
      memory = prefs;
      try {
        storage?.setItem(LIST_PREFS_KEY, JSON.stringify(prefs));
      } catch {
        // A full or disabled storage: the choice holds for this open only.
      }
    },
  };
}

/**
 * What the list shows: the rows matching the search, the app filter and the unread-only
 * toggle. A linear scan over in-memory rows (a few milliseconds for 20 000).
 */
export function createListView(deps: {
  rows: ReadonlySignal<ListRow[]>;
  /** The applied (not the typed) query. */
  query: ReadonlySignal<string>;
  app: ReadonlySignal<string>;
  prefs: ListPrefsStore;
}) {
  const unreadOnly = signal(deps.prefs.read().unreadOnly);
  /** The last filtering, so typing on (a longer query) narrows it instead of starting over. */
  let last: {
    rows: ListRow[];
    needle: string;
    app: string;
    unread: boolean;
    out: ListRow[];
  } | null = null;
  const visible = computed(() => {
    const needle = deps.query.value.trim().toLowerCase();
    const filter = deps.app.value;
    const onlyUnread = unreadOnly.value;
    const rows = deps.rows.value;
    if (!needle && !filter && !onlyUnread) {
      last = null;
      return rows;
    }
    // A row that contains the longer needle contains the shorter one: with the same rows and
    // filters, only the rows the shorter query matched can match (a search as you type).
    const narrowing =
      last !== null &&
      last.rows === rows &&
      last.app === filter &&
      last.unread === onlyUnread &&
      needle.includes(last.needle);
    const from = narrowing ? last!.out : rows;
    const matched = from.filter((row) => rowMatches(row, needle, filter, onlyUnread));
    // Every row still matches (typing on in a word every message holds): the same list, so
    // nothing downstream lays out or renders 20 000 rows again for it.
    const out = matched.length === from.length ? from : matched;
    last = { rows, needle, app: filter, unread: onlyUnread, out };
    return out;
  });
  return {
    unreadOnly,
    visible,
    setUnreadOnly(value: boolean): void {
      unreadOnly.value = value;
      deps.prefs.write({ unreadOnly: value });
    },
    /** The unread messages the list shows now: what "mark all read" marks under a search. */
    shownUnread(): number[] {
      return visible.value.filter((r) => r.unread).map((r) => r.mid);
    },
  };
}
