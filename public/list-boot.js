// @ts-check
/**
 * The popup's and the side panel's boot (docs/architecture.md §7), loaded first in the head
 * (or right after #app, when the worker served the page with the markup or the first rows in it).
 *
 * It paints the list's markup as it last looked, which lib/ui/list-snapshot.ts keeps in the
 * popup cache's entry (POPUP_CACHE_KEY, lib/ui/popup-cache-key.ts), into the empty #app as soon
 * as the document is parsed, and starts the page's code only after that frame: its request
 * and its evaluation would otherwise come before it. With nothing to paint it starts it at
 * once, before the stylesheet has even arrived. A page the worker served with the list already
 * in #app (the kept markup, or the first view it wrote from the rows it read) is checked, then
 * treated as painted. The code is one classic script, named on this script's tag (`data-app`:
 * entrypoints/popup-app.ts, entrypoints/sidepanel-app.ts).
 *
 * Beside the code's loading it also starts the reads the app would otherwise start only once
 * its code has run, for lib/ui/early-reads.ts to hand over: after a remembered list is painted,
 * the bound account's search index (lib/storage/search-index.ts), so that every message is
 * searchable sooner; with nothing to paint, the worker's status and the account's first page,
 * which the app waits for before it can paint any row.
 *
 * Hand-written and copied as it is, not bundled: a bundled script carries WXT's runtime
 * (10 KB), this one is 9.8 KB with its comments (3.8 KB gzip). Type-checked through its JSDoc
 * (tsconfig.json); test/unit/ui/list-snapshot.test.tsx runs this very file against what
 * list-snapshot.ts saves.
 */
(() => {
  const code = document.currentScript?.dataset.app;
  let loaded = false;
  const load = () => {
    if (loaded || !code) return;
    loaded = true;
    const script = document.createElement('script');
    script.src = code;
    // The worker hands the code out while it runs (lib/worker/served-pages.ts); stopped before
    // it answered, the request fails: asked once more, it comes from the package.
    script.onerror = () => {
      const again = document.createElement('script');
      again.src = `${code}${code.includes('?') ? '&' : '?'}again`;
      document.head.append(again);
    };
    document.head.append(script);
  };

  /** @type {string | null} */
  let html = null;
  let unreadOnly = false;
  try {
    const i18n = globalThis.chrome?.i18n;
    // popup.html?tab=1 fills a tab: the layout the app gives it (entrypoints/popup/App.tsx).
    if (new URLSearchParams(location.search).has('tab')) {
      document.documentElement.classList.add('in-tab');
    }
    // The language lib/i18n.ts words the page in (its uiLanguage): markup kept in another
    // language (the browser's may have changed since) is not painted.
    const locale =
      i18n &&
      (i18n.getMessage('catalogueLocale') ||
        i18n.getMessage('@@ui_locale').replace('_', '-') ||
        i18n.getUILanguage());
    /** @type {{ markup?: { locale?: unknown, html?: unknown } } | null} */
    const entry = locale ? JSON.parse(localStorage.getItem('wxp-popup-v1') || 'null') : null;
    const markup = entry?.markup;
    if (typeof markup?.html === 'string' && markup.locale === locale) html = markup.html;
    // The list's view choice (LIST_PREFS_KEY, lib/ui/list-view.ts).
    unreadOnly =
      JSON.parse(localStorage.getItem('wxp-list-prefs-v1') || 'null')?.unreadOnly === true;
  } catch {
    // No storage (a profile that forbids it) or a damaged entry, which the cache drops when
    // the app reads it: the app paints as soon as it starts.
  }
  // Served by the worker with the list already in #app, this script after it
  // (lib/worker/served-pages.ts). The kept markup (`data-served`): kept when it is what this
  // page keeps now; else taken out, and what this page keeps is painted, or nothing (the worker
  // may have missed a change). The first view the worker wrote from the rows it served beside
  // it (`data-served="rows"`, lib/ui/served-list-markup.ts): kept when this page keeps nothing
  // and shows every message, the view the worker writes; else taken out the same way.
  const served = document.getElementById('app');
  const fromRows = served?.getAttribute('data-served') === 'rows' && html === null && !unreadOnly;
  if (served?.hasAttribute('data-served') && !fromRows && served.innerHTML !== html) {
    served.replaceChildren();
  }
  /**
   * Leaves `read()`'s result, raw, in `globalThis[name]` for lib/ui/early-reads.ts to hand to
   * the app, with `changed` turning true when the worker announces a change of that `kind`
   * meanwhile (what was read may then be older than the app's own first read). Without the
   * change broadcast nothing is read: the app could not tell.
   * @param {string} name
   * @param {'messages' | 'status'} kind
   * @param {() => Promise<unknown>} read
   */
  const early = (name, kind, read) => {
    /** @type {{ read: Promise<unknown>, changed: boolean, done: () => void }} */
    const out = { read: Promise.resolve(null), changed: false, done: () => undefined };
    try {
      const channel = new BroadcastChannel('wxp-changes');
      channel.onmessage = (e) => {
        if (e.data?.type === kind) out.changed = true;
      };
      out.done = () => channel.close();
      out.read = read().catch(() => null);
    } catch {
      // No BroadcastChannel, IndexedDB or extension API here: the app reads for itself.
    }
    /** @type {Record<string, unknown>} */ (globalThis)[name] = out;
  };

  /**
   * Reads `meta.current` and then, in the same transaction, what `rest` asks of `store` for that
   * account: `{ account, ...rest's value }`, or null. Never creates or upgrades the database,
   * and lets an upgrade through.
   * @param {string} store
   * @param {(store: IDBObjectStore, account: number, done: (value: object) => void) => void} rest
   * @returns {Promise<object | null>}
   */
  const readDatabase = (store, rest) =>
    new Promise((resolve) => {
      const open = indexedDB.open('wxpusher');
      open.onupgradeneeded = () => open.transaction?.abort();
      open.onerror = () => resolve(null);
      open.onsuccess = () => {
        const db = open.result;
        db.onversionchange = () => db.close();
        try {
          const tx = db.transaction(['meta', store]);
          tx.oncomplete = tx.onabort = () => db.close();
          tx.onerror = () => resolve(null);
          const current = tx.objectStore('meta').get('current');
          current.onsuccess = () => {
            const account = current.result;
            if (typeof account !== 'number') return resolve(null);
            rest(tx.objectStore(store), account, (value) => resolve({ account, ...value }));
          };
        } catch {
          // An older database without that store: the app reads for itself.
          db.close();
          resolve(null);
        }
      };
    });

  if (html === null && !fromRows) {
    // Nothing to paint: the app paints the rows itself, once it has the worker's status and
    // the first page. Both are asked for here, beside its loading, instead of after it.
    load();
    early('__wxpEarlyStatus', 'status', () => {
      const api = /** @type {{ browser?: typeof chrome }} */ (globalThis).browser ?? chrome;
      // The protocol's envelope (lib/protocol.ts, callWorker).
      return Promise.resolve(api.runtime.sendMessage({ wxp: 1, type: 'getStatus' }));
    });
    // The bound account's newest rows, as many as the app's first page (FIRST_PAGE,
    // lib/ui/list-pages.ts) and in its order (lib/ui/message-reader.ts, page).
    early('__wxpEarlyPage', 'messages', () =>
      readDatabase('messages', (store, account, done) => {
        const index = store.index('accountTime');
        const query = IDBKeyRange.bound([account, -Infinity], [account, Infinity]);
        /** @type {unknown[]} */
        const rows = [];
        const byRecords =
          /** @type {{ getAllRecords?: (o: object) => IDBRequest<{ value: unknown }[]> }} */ (
            /** @type {unknown} */ (index)
          ).getAllRecords;
        if (byRecords) {
          const all = byRecords.call(index, { query, count: 50, direction: 'prev' });
          all.onsuccess = () => done({ rows: all.result.map((r) => r.value) });
          return;
        }
        const cursor = index.openCursor(query, 'prev');
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at) return done({ rows });
          rows.push(at.value);
          if (rows.length === 50) done({ rows });
          else at.continue();
        };
      }),
    );
    return;
  }

  // Once a remembered (or served) list is painted: the bound account's search index records (the head and
  // chunks, numbered from 0; the tails below 0 are read only to search).
  const readIndex = () =>
    early('__wxpEarlyIndex', 'messages', () =>
      readDatabase('searchIndex', (store, account, done) => {
        const all = store.getAll(IDBKeyRange.bound([account, 0], [account, Infinity]));
        all.onsuccess = () => done({ records: all.result });
      }),
    );
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    load();
    readIndex();
  };

  const paint = () => {
    try {
      const app = document.getElementById('app');
      // The page's own rendering, serialised by the browser: message text in it is escaped
      // text, and the extension's CSP runs no inline script or handler either way.
      if (app && !app.firstChild && html !== null) app.innerHTML = html;
    } finally {
      // After the frame that shows it; a hidden page runs no animation frames, hence the timer.
      requestAnimationFrame(() => setTimeout(start, 0));
      setTimeout(start, 100);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', paint);
  else paint();
})();
