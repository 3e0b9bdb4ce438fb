import { batch, computed, signal } from '@preact/signals';
import type { StoredMessage } from '../message';
import type { ChangeEvent } from '../protocol';
import { createListActions } from './list-actions';
import { merged, withOlder } from './list-merge';
import { FIRST_PAGE, readRowPages } from './list-pages';
import { appNames, toListRow, unreadIn, type ListRow } from './list-row';
import { createListPrefs, createListView, type ListPrefsStore } from './list-view';
import type { AccountSummary, MessageReader } from './message-reader';
import type { WorkerClient } from './worker-client';

export { FIRST_PAGE, LOAD_CHUNK } from './list-pages';
/**
 * Search runs this long after the last keystroke. Zero: a scan of 20 000 in-memory rows takes
 * a few milliseconds, so every keystroke filters at once, at the end of its input event's task
 * (a microtask): the list that matches is drawn in the same frame as the typed character,
 * where a timer could run after that frame and show it one frame later.
 */
export const SEARCH_DEBOUNCE_MS = 0;
/** Past this many changed ids at once, re-reading everything is cheaper than one by one. */
const RELOAD_THRESHOLD = 200;

/**
 * The popup's message list. Every message is held in memory as a small `ListRow` (20 000 rows
 * are a few MB), so search and the app filter are a linear scan over strings, a few
 * milliseconds, instead of an IndexedDB cursor walk per keystroke; the list component renders
 * only the rows in view. Writes go to the worker; the list follows its change broadcast.
 */
export function createMessageListStore(deps: {
  client: WorkerClient;
  reader: MessageReader;
  undoMs?: number;
  debounceMs?: number;
  /** Where the unread-only choice is kept across opens; in memory when absent. */
  prefs?: ListPrefsStore;
}) {
  const { reader } = deps;
  /** The account whose history is shown: the bound one unless the user picked an earlier. */
  const account = signal<number | null>(null);
  /** The account the worker is bound to (as the database says). */
  const current = signal<number | null>(null);
  /** Accounts with history, for the picker (the current one first). */
  const accounts = signal<AccountSummary[]>([]);
  /** An earlier account chosen by the user; null shows the current one. */
  let picked: number | null = null;
  const rows = signal<ListRow[]>([]);
  /** True once the first page has been read from the database. */
  const loaded = signal(false);
  /** True once every stored row is in memory (after the first page). */
  const complete = signal(false);
  const query = signal('');
  const appliedQuery = signal('');
  const app = signal('');
  const selectedMid = signal<number | null>(null);
  /**
   * Rows whose search text holds only its start (`searchCut`: long messages, read from the
   * search index without its tails). A search fills them in first (`fillSearchText`).
   */
  const cutRows = computed(() => rows.value.some((r) => r.searchCut));
  /** The rest of the cut rows' search text is being read. */
  const filling = signal(false);
  /** A search is on and some rows are not yet searchable whole: its results may grow. */
  const searchPending = computed(() => filling.value && query.value.trim() !== '');
  /** The filling in flight. */
  let fillDone: Promise<void> | null = null;

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let loadGeneration = 0;
  let loading: Promise<void> | null = null;
  /** Changes heard while a full read is in flight: re-applied on top of its (older) snapshot. */
  let heardDuringLoad: ChangeEvent[] | null = null;

  const view = createListView({
    rows,
    query: appliedQuery,
    app,
    prefs: deps.prefs ?? createListPrefs(null),
  });
  const { visible } = view;
  const apps = computed(() => appNames(rows.value));
  const unreadCount = computed(() => unreadIn(rows.value));
  const selectedIndex = computed(() => {
    const mid = selectedMid.value;
    return mid === null ? -1 : visible.value.findIndex((r) => r.mid === mid);
  });

  /**
   * Reads every stored row, a page at a time. The first load shows each page as it lands; a
   * reload (after a large change) keeps the shown list until the new one is whole.
   */
  function load(): Promise<void> {
    const generation = ++loadGeneration;
    const done = (async () => {
      try {
        await readAll(generation);
      } catch (error) {
        if (generation !== loadGeneration) return;
        // What was read stays shown; the list stops saying it is still loading.
        batch(() => {
          actions.notice.value = { kind: 'error', text: (error as Error).message };
          complete.value = true;
        });
        heardDuringLoad = null;
      }
    })();
    loading = done;
    return done;
  }

  /** Which account to show: the picked one, else the bound one (read with the first page). */
  async function resolveAccount(): Promise<number | null> {
    return showAccount(await reader.currentAccount());
  }

  /** Shows the picked account, else `bound`; a change of account starts its list anew. */
  function showAccount(bound: number | null): number | null {
    current.value = bound;
    const shown = picked ?? bound;
    if (shown !== account.value) {
      account.value = shown;
      complete.value = false;
    }
    return shown;
  }

  /**
   * Once this page's database is open: bound to another account since the boot script read
   * `read` (the status broadcast may have come before this page listened)? Then show that one.
   */
  function recheckAccount(read: number, generation: number): void {
    void reader.currentAccount().then(
      (bound) => {
        if (generation === loadGeneration && bound !== read) void load();
      },
      () => undefined,
    );
  }

  async function readAll(generation: number): Promise<void> {
    heardDuringLoad = [];
    // What the boot script read while the modules loaded: with it, every row is in memory
    // before this page's own database connection has even opened (benchmark 4).
    const early = picked === null ? await reader.early() : null;
    if (generation !== loadGeneration) return;
    if (early) {
      batch(() => {
        current.value = early.account;
        account.value = early.account;
        rows.value = early.rows;
        loaded.value = true;
        complete.value = true;
      });
      recheckAccount(early.account, generation);
      return afterRead();
    }
    // With nothing painted the boot script read the bound account's first page instead.
    const earlyPage = picked === null ? await reader.earlyPage() : null;
    if (generation !== loadGeneration) return;
    if (earlyPage) recheckAccount(earlyPage.account, generation);
    const shown = earlyPage ? showAccount(earlyPage.account) : await resolveAccount();
    if (generation !== loadGeneration) return;
    if (shown === null) {
      batch(() => {
        rows.value = [];
        loaded.value = true;
        complete.value = true;
      });
      return;
    }
    const progressive = !complete.value;
    const firstRead = !progressive
      ? undefined
      : earlyPage
        ? Promise.resolve(earlyPage.rows)
        : reader.page(shown, null, FIRST_PAGE);
    // Every row from the search index (a few records), read alongside the first page but
    // asked for after it: a page with nothing remembered waits for that page (benchmark 4).
    const indexed = reader.indexed(shown);
    let first: StoredMessage[] | undefined;
    if (firstRead) {
      first = await firstRead;
      if (generation !== loadGeneration) return;
      const shownFirst = first.map(toListRow);
      batch(() => {
        rows.value = shownFirst;
        loaded.value = true;
      });
    }
    const all = await indexed;
    if (generation !== loadGeneration) return;
    if (all) {
      batch(() => {
        rows.value = all;
        loaded.value = true;
        complete.value = true;
      });
    } else {
      // No index to trust (not built yet, or rows it does not hold): the worker builds one
      // for the next open while this one reads the rows themselves.
      deps.client.call('indexSearch', { account: shown }).catch(() => undefined);
      let quiet: ListRow[] = [];
      const whole = await readRowPages(
        reader,
        shown,
        (fresh, first) => {
          if (!progressive) quiet = quiet.concat(fresh);
          else rows.value = first ? fresh : withOlder(rows.value, fresh);
          loaded.value = true;
        },
        () => generation !== loadGeneration,
        first,
      );
      if (!whole) return;
      batch(() => {
        // A reload keeps the shown list until the new one is whole.
        if (!progressive) rows.value = quiet;
        complete.value = true;
      });
    }
    return afterRead();
  }

  /** Once every row is in memory: the picker's accounts, then the changes heard meanwhile. */
  async function afterRead(): Promise<void> {
    // Typed while the rows were read: the search needs their whole text.
    if (query.value.trim() !== '') void fillSearchText();
    // The picker's accounts and counts come after the list: counting is a walk per account.
    void reader.accounts().then(
      (list) => (accounts.value = list),
      () => undefined,
    );
    const missed = heardDuringLoad ?? [];
    heardDuringLoad = null;
    for (const event of missed) await handleChange(event);
  }

  /** Applies one broadcast: re-reads the rows it names and drops the removed ones. */
  async function handleChange(event: ChangeEvent): Promise<void> {
    if (event.type === 'status') {
      // Bound to another account now (another server): show its history.
      if (picked === null && (await reader.currentAccount()) !== current.value) return load();
      return;
    }
    heardDuringLoad?.push(event);
    const shown = account.value;
    if (shown === null || event.account !== shown) return;
    const touched = [...event.added, ...event.changed];
    if (touched.length + event.removed.length > RELOAD_THRESHOLD) return load();
    const fresh = await Promise.all(touched.map((mid) => reader.get(shown, mid)));
    const gone = new Set(event.removed);
    const replaced = new Map<number, ListRow>();
    for (const m of fresh) if (m) replaced.set(m.mid, toListRow(m));
    for (const mid of touched) if (!replaced.has(mid)) gone.add(mid);
    rows.value = merged(rows.value, [...replaced.values()], gone);
  }

  /**
   * Completes the search text of the rows read cut (long messages): the rest of each comes
   * from the index's tails, read when a search first needs them; a row whose tail is missing
   * (changed since the read) or damaged is read whole, and one that cannot be read (gone, its
   * removal not yet heard) keeps the start it has. Rows that arrive meanwhile come whole
   * already (handleChange reads them); rows read again meanwhile are filled after.
   */
  function fillSearchText(): Promise<void> {
    if (fillDone) return fillDone;
    const shown = account.value;
    if (!cutRows.value || shown === null) return Promise.resolve();
    filling.value = true;
    fillDone = (async () => {
      const cut = rows.value.filter((row) => row.searchCut);
      const rests = await reader.searchTails(shown).catch(() => null);
      // Tails that cannot be trusted: the worker builds the index again for the next open.
      if (!rests) deps.client.call('indexSearch', { account: shown }).catch(() => undefined);
      /** By id: the rest of the text, or the whole text of a row read again. */
      const found = new Map<number, { rest: string } | { whole: string }>();
      const unread: ListRow[] = [];
      for (const row of cut) {
        const rest = rests?.get(row.mid);
        if (rest === undefined) unread.push(row);
        else found.set(row.mid, { rest });
      }
      const read = await Promise.all(
        unread.map((row) => reader.get(shown, row.mid).catch(() => undefined)),
      );
      unread.forEach((row, i) =>
        found.set(row.mid, { whole: read[i]?.searchText ?? row.searchText }),
      );
      if (account.value !== shown) return;
      // Applied to the rows as they are now: a broadcast may have replaced or dropped some.
      rows.value = rows.value.map((row) => {
        const text = row.searchCut ? found.get(row.mid) : undefined;
        if (text === undefined) return row;
        const { searchCut: _cut, ...rest } = row;
        return 'rest' in text
          ? { ...rest, searchRest: text.rest }
          : { ...rest, searchText: text.whole };
      });
    })().finally(() => {
      fillDone = null;
      filling.value = false;
      // Rows read again meanwhile (cut again): a search still on needs those whole too.
      if (query.value.trim() !== '' && complete.value) void fillSearchText();
    });
    return fillDone;
  }

  function setQuery(value: string): void {
    query.value = value;
    clearTimeout(searchTimer);
    if (value.trim() === '') {
      appliedQuery.value = '';
      return;
    }
    if (complete.value) void fillSearchText();
    const delay = deps.debounceMs ?? SEARCH_DEBOUNCE_MS;
    if (delay > 0) {
      searchTimer = setTimeout(() => (appliedQuery.value = value), delay);
      return;
    }
    queueMicrotask(() => {
      if (query.value === value) appliedQuery.value = value;
    });
  }

  /** Moves the selection by `delta` rows within what is shown; returns the new mid. */
  function move(delta: number): number | null {
    const list = visible.value;
    if (list.length === 0) return (selectedMid.value = null);
    const from = selectedIndex.value;
    const to = from < 0 ? (delta > 0 ? 0 : list.length - 1) : from + delta;
    const index = Math.max(0, Math.min(list.length - 1, to));
    return (selectedMid.value = list[index]!.mid);
  }

  const actions = createListActions({
    client: deps.client,
    account,
    selectedMid,
    visible,
    // With a search or an app filter on, "mark all read" marks only the unread rows shown
    // (unread-only alone shows every unread message: that is all of them, loaded or not).
    shownUnread: () =>
      appliedQuery.value.trim() !== '' || app.value !== '' ? view.shownUnread() : null,
    whenComplete: async () => {
      while (!complete.value && loading) await loading;
      // "Mark all read" under a search marks what it matches: every row searched whole.
      if (appliedQuery.value.trim() !== '') await fillSearchText();
    },
    undoMs: deps.undoMs,
  });

  return {
    ...actions,
    account,
    current,
    accounts,
    /** Shows an earlier account's history (or, with null, the bound one's). */
    showAccount(id: number | null): Promise<void> {
      picked = id === current.value ? null : id;
      batch(() => {
        selectedMid.value = null;
        rows.value = [];
        loaded.value = false;
      });
      return load();
    },
    rows,
    loaded,
    complete,
    searchPending,
    query,
    /** The query the shown rows are filtered by (the typed one, once its search has run). */
    appliedQuery,
    app,
    visible,
    /** Only unread messages are shown (kept across opens). */
    unreadOnly: view.unreadOnly,
    setUnreadOnly: view.setUnreadOnly,
    apps,
    unreadCount,
    selectedMid,
    selectedIndex,
    load,
    /** Shows rows remembered from the last open until the first page is read. */
    prime(remembered: ListRow[]): void {
      if (!loaded.value && rows.value.length === 0) rows.value = remembered;
    },
    handleChange,
    setQuery,
    /** Clears the search and the app filter at once (Esc). */
    clearFilters(): void {
      clearTimeout(searchTimer);
      batch(() => {
        query.value = '';
        appliedQuery.value = '';
        app.value = '';
      });
    },
    setApp(value: string): void {
      app.value = value;
    },
    select(mid: number | null): void {
      selectedMid.value = mid;
    },
    move,
    dispose(): void {
      clearTimeout(searchTimer);
      actions.dispose();
      loadGeneration++;
    },
  };
}

export type MessageListStore = ReturnType<typeof createMessageListStore>;
