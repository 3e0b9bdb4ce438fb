// @ts-check
/**
 * The popup's and the side panel's boot (docs/architecture.md §7), loaded first in the head.
 *
 * It paints the list's markup as it last looked, which lib/ui/list-snapshot.ts keeps in the
 * popup cache's entry (POPUP_CACHE_KEY, lib/ui/popup-cache-key.ts), into the empty #app as soon
 * as the document is parsed, and starts the page's code only after that frame: its request
 * and its evaluation would otherwise come before it. With nothing to paint it starts it at
 * once, before the stylesheet has even arrived. The code is one classic script, named on this
 * script's tag (`data-app`: entrypoints/popup-app.ts, entrypoints/sidepanel-app.ts).
 *
 * Once a remembered list is painted, it also starts reading the bound account's search index
 * (lib/storage/search-index.ts) beside the code's loading, for lib/ui/early-index.ts to hand
 * to the list: read after the code, it made every message searchable that much later.
 *
 * Hand-written and copied as it is, not bundled: a bundled script carries WXT's runtime
 * (10 KB), this one is 5.6 KB with its comments (2.4 KB gzip). Type-checked through its JSDoc
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
    document.head.append(script);
  };

  /** @type {string | null} */
  let html = null;
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
  } catch {
    // No storage (a profile that forbids it) or a damaged entry, which the cache drops when
    // the app reads it: the app paints as soon as it starts.
  }
  if (html === null) return load();

  /**
   * Reads `meta.current` and that account's search index records, raw, into
   * `globalThis.__wxpEarlyIndex`; `changed` turns true when the worker announces a change of
   * messages meanwhile (the records may then be older than the list's own first read). Never
   * creates or upgrades the database, and lets an upgrade through.
   */
  const readIndex = () => {
    /** @type {{ read: Promise<{ account: number, records: unknown[] } | null>, changed: boolean, done: () => void }} */
    const early = { read: Promise.resolve(null), changed: false, done: () => undefined };
    try {
      const channel = new BroadcastChannel('wxp-changes');
      channel.onmessage = (e) => {
        if (e.data?.type === 'messages') early.changed = true;
      };
      early.done = () => channel.close();
      early.read = new Promise((resolve) => {
        const open = indexedDB.open('wxpusher');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(null);
        open.onsuccess = () => {
          const db = open.result;
          db.onversionchange = () => db.close();
          try {
            const tx = db.transaction(['meta', 'searchIndex']);
            tx.oncomplete = tx.onabort = () => db.close();
            tx.onerror = () => resolve(null);
            const current = tx.objectStore('meta').get('current');
            current.onsuccess = () => {
              const account = current.result;
              if (typeof account !== 'number') return resolve(null);
              // The head and chunks (numbers from 0); the tails below 0 are read only to search.
              const range = IDBKeyRange.bound([account, 0], [account, Infinity]);
              const all = tx.objectStore('searchIndex').getAll(range);
              all.onsuccess = () => resolve({ account, records: all.result });
            };
          } catch {
            // An older database without the index's store: the list reads the rows.
            db.close();
            resolve(null);
          }
        };
      });
    } catch {
      // No IndexedDB or BroadcastChannel here: the list reads the index itself.
    }
    /** @type {{ __wxpEarlyIndex?: typeof early }} */ (globalThis).__wxpEarlyIndex = early;
  };
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
      if (app && !app.firstChild) app.innerHTML = /** @type {string} */ (html);
    } finally {
      // After the frame that shows it; a hidden page runs no animation frames, hence the timer.
      requestAnimationFrame(() => setTimeout(start, 0));
      setTimeout(start, 100);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', paint);
  else paint();
})();
