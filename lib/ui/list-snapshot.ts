/**
 * The list as it last looked, painted before any module loads (docs/architecture.md §7).
 *
 * Loading the page's module graph and starting Preact cost more than painting a blank page
 * does; the remembered rows (popup-cache.ts) can only show once they have run. So the page
 * also keeps the markup the list last rendered, and a small classic script
 * (public/list-boot.js) puts it in place while the document is still being parsed. The
 * Preact app then renders into the same element and takes those nodes over (render() diffs
 * against existing children), so nothing flashes or moves when it does.
 *
 * The boot script reads what saveSnapshot writes: the entry under POPUP_CACHE_KEY, its
 * `markup` a ListMarkup (test/unit/ui/list-boot.test.tsx runs both together).
 */
import { POPUP_CACHE_KEY } from './popup-cache';

/**
 * Kept in the popup cache's entry (popup-cache.ts), beside the remembered status and rows: one
 * entry is everything an open remembers, and clearing it (unbound, damaged) forgets all.
 */
export interface ListMarkup {
  /** The catalogue's locale the markup was worded in. */
  locale: string;
  html: string;
}

type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The markup of `app` without what belongs to that moment only: toasts, alerts, the selection
 * and the "still searching" note. The list is marked busy, because until the app has read
 * every row (and takes the list over) it is not whole, and inert, because nothing in it works
 * before the app starts: a click or a key there would be lost.
 */
export function snapshotMarkup(app: Element): string {
  const copy = app.cloneNode(true) as Element;
  const passing = copy.querySelectorAll(
    '.toasts > *, [role="alert"], [data-testid="search-loading"]',
  );
  for (const el of passing) el.remove();
  for (const el of copy.querySelectorAll('.is-selected')) el.classList.remove('is-selected');
  for (const el of copy.querySelectorAll('[aria-current]')) el.removeAttribute('aria-current');
  copy.querySelector('[data-testid="message-list"]')?.setAttribute('aria-busy', 'true');
  copy.querySelector('.popup')?.setAttribute('inert', '');
  return copy.innerHTML;
}

/** The cache entry as an object, or null when there is none or it is damaged. */
function readEntry(storage: SnapshotStorage): Record<string, unknown> | null {
  const raw = storage.getItem(POPUP_CACHE_KEY);
  if (!raw) return null;
  const entry = JSON.parse(raw) as unknown;
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : null;
}

/**
 * Keeps `app`'s markup for the next open, in the language it was worded in, in the cache
 * entry the store wrote (none yet: nothing to add to, the next change writes it).
 */
export function saveSnapshot(storage: SnapshotStorage, app: Element, locale: string): void {
  try {
    const entry = readEntry(storage);
    if (!entry) return;
    const markup: ListMarkup = { locale, html: snapshotMarkup(app) };
    storage.setItem(POPUP_CACHE_KEY, JSON.stringify({ ...entry, markup }));
  } catch {
    // A full, disabled or damaged storage costs only the head start.
  }
}
