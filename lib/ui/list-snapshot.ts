/**
 * The list as it last looked, painted before the page's code loads (docs/architecture.md §7).
 *
 * Loading the page's code and starting Preact cost more than painting a blank page
 * does; the remembered rows (popup-cache.ts) can only show once they have run. So the page
 * also keeps the markup the list last rendered, and a small classic script
 * (public/list-boot.js) puts it in place while the document is still being parsed. The
 * Preact app then renders into the same element and takes those nodes over (render() diffs
 * against existing children), so nothing flashes or moves when it does.
 *
 * The boot script reads what saveSnapshot writes: the entry under POPUP_CACHE_KEY, its
 * `markup` a ListMarkup (test/unit/ui/list-snapshot.test.tsx runs both together).
 */
import { t } from '../i18n';
import { POPUP_CACHE_KEY } from './popup-cache-key';

/** What the list showed when its markup was kept: what a later read mark needs to patch it. */
export interface ShownList {
  /** Whose messages. */
  account: number;
  /** The unread count its toolbar showed. */
  unread: number;
  /** Only unread rows were shown (a read mark would move rows: not patched). */
  unreadOnly: boolean;
}

/**
 * Kept in the popup cache's entry (popup-cache.ts), beside the remembered status and rows: one
 * entry is everything an open remembers, and clearing it (unbound, damaged) forgets all.
 */
export interface ListMarkup extends Partial<ShownList> {
  /** The catalogue's locale the markup was worded in. */
  locale: string;
  html: string;
}

type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * The markup of `app` without what belongs to that moment only: toasts, alerts, the selection
 * and the "still searching" note; and of the list only the rows and headings in its viewport,
 * not those the list renders above and below it for scrolling (OVERSCAN, list-layout.ts): the
 * next open paints what is seen, and the app, taking these nodes over, adds the others below
 * them. The list is marked busy, because until the app has read every row (and takes the list
 * over) it is not whole, and inert, because nothing in it works before the app starts: a click
 * or a key there would be lost.
 */
export function snapshotMarkup(app: Element): string {
  const copy = app.cloneNode(true) as Element;
  const passing = copy.querySelectorAll(
    '.toasts > *, [role="alert"], [data-testid="search-loading"]',
  );
  for (const el of passing) el.remove();
  for (const el of copy.querySelectorAll('.is-selected')) el.classList.remove('is-selected');
  for (const el of copy.querySelectorAll('[aria-current]')) el.removeAttribute('aria-current');
  const list = copy.querySelector('[data-testid="message-list"]');
  const seen = app.querySelector('[data-testid="message-list"]');
  if (list && seen) outsideViewport(list, seen).forEach((item) => item.remove());
  list?.setAttribute('aria-busy', 'true');
  copy.querySelector('.popup')?.setAttribute('inert', '');
  return copy.innerHTML;
}

/**
 * The items of `list` (a copy of `seen`, the list on the page) wholly above or below `seen`'s
 * viewport. None when the list has no size (not laid out): what is seen is unknown then.
 */
function outsideViewport(list: Element, seen: Element): Element[] {
  const { scrollTop, clientHeight } = seen;
  if (clientHeight <= 0) return [];
  return [...list.querySelectorAll<HTMLElement>('.list > li')].filter((item) => {
    // Each item is placed by its own style (components/MessageList.tsx): top and height in px.
    const top = parseFloat(item.style.top);
    const bottom = top + parseFloat(item.style.height);
    return bottom <= scrollTop || top >= scrollTop + clientHeight;
  });
}

/** The cache entry as an object, or null when there is none or it is damaged. */
function readEntry(storage: SnapshotStorage): Record<string, unknown> | null {
  const raw = storage.getItem(POPUP_CACHE_KEY);
  if (!raw) return null;
  const entry = JSON.parse(raw) as unknown;
  return typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : null;
}

/**
 * Keeps `app`'s markup for the next open, in the language it was worded in, with what it
 * showed, in the cache entry the store wrote (none yet: nothing to add to, the next change
 * writes it).
 */
export function saveSnapshot(
  storage: SnapshotStorage,
  app: Element,
  locale: string,
  shown: ShownList,
): void {
  try {
    const entry = readEntry(storage);
    if (!entry) return;
    const markup: ListMarkup = { locale, html: snapshotMarkup(app), ...shown };
    storage.setItem(POPUP_CACHE_KEY, JSON.stringify({ ...entry, markup }));
  } catch {
    // A full, disabled or damaged storage costs only the head start.
  }
}

/** A remembered row, as far as a patch needs to know it. */
type KeptRow = { mid?: unknown; unread?: unknown } | null;

/**
 * Rewrites the remembered rows and markup through `patch` when the kept markup shows
 * `account`'s list; leaves the entry as it is otherwise (another account's list, markup kept
 * by a version that did not record its account, nothing kept, a damaged entry).
 */
function patchEntry(
  storage: SnapshotStorage,
  account: number,
  patch: (rows: KeptRow[], markup: ListMarkup) => { rows: KeptRow[]; markup?: ListMarkup },
): void {
  try {
    const entry = readEntry(storage);
    const markup = entry?.markup as ListMarkup | undefined;
    if (!entry || !markup || markup.account !== account) return;
    const rows = Array.isArray(entry.rows) ? (entry.rows as KeptRow[]) : [];
    storage.setItem(POPUP_CACHE_KEY, JSON.stringify({ ...entry, ...patch(rows, markup) }));
  } catch {
    // As for saving: a damaged or unavailable storage costs only the head start.
  }
}

/** The kept markup as a fragment, and its row for `mid` (null when it is not painted). */
function parseMarkup(html: unknown, mid: number) {
  const template = document.createElement('template');
  template.innerHTML = typeof html === 'string' ? html : '';
  const root = template.content;
  return { template, root, row: root.querySelector(`li[data-mid="${mid}"]`) };
}

/**
 * Message `mid` of `account` was read (or marked unread) on another page while no list was
 * open to re-save its snapshot: the full view opened from the popup (which closes as the tab
 * opens) or from a notification. Patches the remembered row and the kept markup the way the
 * list would render them, so the next open does not paint the message in its old state until
 * the app takes over. Markup without the row (scrolled away) stays as it is: like a message
 * that arrived meanwhile, the change shows when the app takes over. Markup it cannot patch
 * exactly (only unread rows shown, another language) is dropped: that open paints when the app
 * starts, from rows that are right.
 */
export function rememberReadState(
  storage: SnapshotStorage,
  account: number,
  mid: number,
  read: boolean,
  locale: string,
): void {
  patchEntry(storage, account, (rows, markup) => {
    for (const row of rows) if (row?.mid === mid) row.unread = !read;
    const html = markup.locale === locale ? patchedMarkup(markup, mid, read) : null;
    return { rows, markup: html === null ? undefined : { ...markup, ...html } };
  });
}

/**
 * Message `mid` of `account` was deleted on another page: its remembered row goes, and the
 * kept markup too when it paints that row (the rows below would move up: not patched).
 */
export function rememberRemoved(storage: SnapshotStorage, account: number, mid: number): void {
  patchEntry(storage, account, (rows, markup) => ({
    rows: rows.filter((row) => row?.mid !== mid),
    markup: parseMarkup(markup.html, mid).row ? undefined : markup,
  }));
}

/**
 * The markup with row `mid` shown read (or unread), as components/MessageRow.tsx and
 * components/ListToolbar.tsx render it, and the count it then shows; as it is without that
 * row; null when it cannot be patched exactly.
 */
function patchedMarkup(
  markup: ListMarkup,
  mid: number,
  read: boolean,
): Pick<ListMarkup, 'html' | 'unread'> | null {
  const { template, root, row } = parseMarkup(markup.html, mid);
  if (!row || row.getAttribute('data-unread') === (read ? '0' : '1')) return { html: markup.html };
  if (typeof markup.unread !== 'number' || markup.unreadOnly !== false) return null;
  const main = row.querySelector('.row-main');
  const toggle = row.querySelector('[data-testid="row-toggle-read"]');
  const count = root.querySelector('[data-testid="unread-count"]');
  const markAll = root.querySelector('[data-testid="mark-all-read"]');
  if (!main || !toggle?.firstElementChild || !count || !markAll) return null;
  row.classList.toggle('is-unread', !read);
  row.setAttribute('data-unread', read ? '0' : '1');
  if (read) {
    main.querySelector(':scope > .visually-hidden')?.remove();
  } else {
    const marker = document.createElement('span');
    marker.className = 'visually-hidden';
    marker.textContent = t('unreadMarker');
    main.append(marker);
  }
  const label = read ? t('actionMarkUnread') : t('actionMarkRead');
  toggle.setAttribute('aria-label', label);
  toggle.setAttribute('title', label);
  toggle.firstElementChild.textContent = read ? '●' : '✓';
  const unread = Math.max(0, markup.unread + (read ? -1 : 1));
  count.textContent = t('unreadCount', unread);
  markAll.toggleAttribute('disabled', unread === 0);
  return { html: template.innerHTML, unread };
}
