import { parseMessageAccount, parseMessageId } from '../ui/message-address';
import { parseSnapshot } from '../ui/popup-cache';
import { servedListBlock, type ServedList } from '../ui/served-list';
import { servedListMarkup } from '../ui/served-list-markup';
import { servedRowBlock, splitServed, type ServedRow } from '../ui/served-row';

/**
 * Pages the worker serves itself (docs/architecture.md §7): the full message view with its
 * message in the document, so the page shows it without opening the database first; the popup
 * and the side panel with the list markup the pages keep already in place, so the list is
 * painted before any script has loaded, or without it, with the status and first rows; each
 * asking the worker for its code and stylesheet. Chrome only (a service worker's fetch
 * listener, with static routes, Chrome 123+); elsewhere, and whenever the worker is not
 * running, the page comes from the package as it is.
 */
export const SERVED_PAGE = '/message.html';
/** The pages that show the list (public/list-boot.js paints the kept markup in both). */
export const LIST_PAGES = ['/popup.html', '/sidepanel.html'] as const;

/**
 * The code and stylesheets of those pages, which the worker hands out from memory to the pages
 * it served: from the package each takes a read in the browser's own process (~10 ms on this
 * project's 2-core machine, docs/architecture.md §7), from the worker it is a blob it already
 * holds. Not the full view's early script, which comes from the package: should the worker
 * stop before it answers, that script still reloads a page whose code never came.
 */
export const PAGE_ASSETS = [
  '/message-app.js',
  '/list-boot.js',
  '/popup-app.js',
  '/sidepanel-app.js',
  '/assets/*',
] as const;

/**
 * The query a served page names its assets with (`/message-app.js?served`): only those requests
 * are routed to the worker, whether it still runs or not (a page it served exists only while it
 * did); the package's own pages ask for theirs without it and get them from the package.
 */
export const SERVED_ASSET_QUERY = 'served';

/** Whether `pathname` is one of PAGE_ASSETS. */
export function isPageAsset(pathname: string): boolean {
  return PAGE_ASSETS.some((asset) =>
    asset.endsWith('/*') ? pathname.startsWith(asset.slice(0, -1)) : pathname === asset,
  );
}

/**
 * The worker's static routes (`InstallEvent.addRoutes`): the navigations to those pages go to
 * the fetch listener while the worker runs, and so do the requests of the pages it served for
 * their code and stylesheets; every other request, and the navigations while the worker is
 * stopped, go to the package directly, without starting or waking the worker.
 */
export const PAGE_ROUTES = [
  ...[SERVED_PAGE, ...LIST_PAGES].map((pathname) => ({
    condition: {
      urlPattern: { pathname },
      requestMode: 'navigate',
      runningStatus: 'running',
    },
    source: 'fetch-event',
  })),
  ...PAGE_ASSETS.map((pathname) => ({
    condition: { urlPattern: { pathname, search: SERVED_ASSET_QUERY } },
    source: 'fetch-event',
  })),
  { condition: { urlPattern: { pathname: '/*' } }, source: 'network' },
] as const;

/**
 * The longest the worker holds the rest of a served page for its row: past it the rest goes
 * without (the page reads for itself), so a busy database never holds the page.
 */
export const SERVED_READ_MS = 1_000;

/**
 * The longest a list page with no kept markup waits for the worker's status and first rows:
 * read in a few milliseconds; past this the page goes without them, as packaged, and its boot
 * script asks for them (it would otherwise paint later than without them).
 */
export const SERVED_LIST_MS = 30;

export interface PageServerDeps {
  /** Fetches a packaged file (the worker's own requests never come back to its listener). */
  fetch: (url: string) => Promise<Response>;
  /** The message `mid` of `account` (null: the bound one's); null when not found or not ready. */
  read: (mid: number, account: number | null) => Promise<ServedRow | null>;
  /** The status and first rows for a list page with no kept markup; null when not bound. */
  list?: () => Promise<ServedList | null>;
  /** Timers (tests pass fakes). */
  setTimeout?: (run: () => void, ms: number) => unknown;
  /** The time the list's relative times are written at (tests pass a fixed one). */
  now?: () => number;
}

/** The most markup the worker keeps for the list pages (a list's is ~15 KB). */
export const LIST_MARKUP_MAX = 512 * 1024;

/**
 * Markup the worker would put into a document as it is: the list's, serialised by a page from
 * its own DOM (message text in it is escaped text). Refused if it holds any element that could
 * load or run something or change how the document is read; the extension's content security
 * policy runs no inline script in a served page either.
 */
export function acceptableMarkup(html: unknown): html is string {
  return (
    typeof html === 'string' &&
    html.length <= LIST_MARKUP_MAX &&
    !/<\/?(script|iframe|frame|frameset|object|embed|base|meta|link|style|template|noscript)\b/i.test(
      html,
    )
  );
}

/**
 * A list page's template (as packaged) with `html` in its empty `#app`, marked `data-served`
 * (or `#app` left empty when null), then `block`, and the boot script moved from the head to
 * right after them: the list is painted before any script loads, and the boot script then checks
 * it against what the page itself keeps (public/list-boot.js); the app it starts finds the block
 * parsed. `from`: the markup the pages keep (`kept`), or the worker's own from the rows in
 * `block` (`rows`, lib/ui/served-list-markup.ts, marked `data-served="rows"`). `inTab`: the popup
 * filling a tab (`?tab`), which the boot script would mark on the root before the first paint.
 * Null when the template is not laid out that way.
 */
export function withListMarkup(
  template: string,
  html: string | null,
  inTab: boolean,
  block = '',
  from: 'kept' | 'rows' = 'kept',
): string | null {
  const boot = /<script\b[^>]*\bsrc="\/list-boot\.js(?:\?[^"]*)?"[^>]*><\/script>/.exec(
    template,
  )?.[0];
  const app = '<div id="app"></div>';
  if (!boot || !template.includes(app) || !/<html\b/.test(template)) return null;
  // Replacement functions: the markup is text to insert, whatever `$` patterns it holds.
  const page = template
    .replace(boot, () => '')
    .replace(
      app,
      () =>
        `${html === null ? app : `<div id="app" data-served${from === 'rows' ? '="rows"' : ''}>${html}</div>`}${block}${boot}`,
    );
  if (!inTab) return page;
  return page.replace(/<html\b[^>]*>/, (tag) =>
    tag.includes(' class="')
      ? tag.replace(' class="', ' class="in-tab ')
      : tag.replace('<html', '<html class="in-tab"'),
  );
}

const HTML = { 'content-type': 'text/html; charset=utf-8' };

/** Where a page's template names a file: its scripts, its stylesheet, its boot's app. */
const ASSET_ATTRIBUTE = /\b(src|href|data-app)="(\/[^"?#]+)"/g;

/** The routed assets a page's template loads (PAGE_ASSETS). */
export function assetsOf(template: string): string[] {
  const paths = [...template.matchAll(ASSET_ATTRIBUTE)].map((m) => m[2]!);
  return [...new Set(paths)].filter(isPageAsset);
}

/** `template` with its routed assets asked for from the worker (SERVED_ASSET_QUERY). */
export function withServedAssets(template: string): string {
  return template.replace(ASSET_ATTRIBUTE, (attribute, name: string, path: string) =>
    isPageAsset(path) ? `${name}="${path}?${SERVED_ASSET_QUERY}"` : attribute,
  );
}

/** A routed asset's type, by its name: a stylesheet, else a script (PAGE_ASSETS). */
const typeOf = (href: string) =>
  href.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';

export function createPageServer(deps: PageServerDeps) {
  /** Packaged files as `take` reads them, each fetched once (again after a failure). */
  const readOnce = <T>(take: (response: Response, href: string) => Promise<T>) => {
    const read = new Map<string, Promise<T>>();
    return (href: string): Promise<T> => {
      let value = read.get(href);
      if (!value) {
        value = deps.fetch(href).then((response) => {
          if (!response.ok) throw new Error(`${href}: ${response.status}`);
          return take(response, href);
        });
        value.catch(() => read.delete(href));
        read.set(href, value);
      }
      return value;
    };
  };
  /** A routed asset as the package has it. */
  const assetBlob = readOnce((response) => response.blob());
  /** Reads a page's assets before its document asks for them. */
  const prefetchAssets = (template: string, origin: string) => {
    for (const path of assetsOf(template)) {
      assetBlob(new URL(path, origin).href).catch(() => undefined);
    }
  };
  /**
   * A page's template as served: asking the worker for its assets (withServedAssets), which are
   * read the first time, beside it.
   */
  const pageTemplate = readOnce(async (response, href) => {
    const template = await response.text();
    prefetchAssets(template, href);
    return withServedAssets(template);
  });
  /** What `read` gives within `ms`; null when it fails or takes longer. */
  const within = <T>(read: () => Promise<T | null>, ms: number): Promise<T | null> =>
    Promise.race([
      read().catch(() => null),
      new Promise<null>((resolve) => (deps.setTimeout ?? setTimeout)(() => resolve(null), ms)),
    ]);
  const encoder = new TextEncoder();
  /** The list markup the pages keep now, as they last told (null: none, or not told). */
  let listHtml: string | null = null;

  /** The full view: its head at once, then the row, then the rest. */
  function messagePage(url: URL, mid: number): Promise<Response> {
    const row = within(() => deps.read(mid, parseMessageAccount(url.search)), SERVED_READ_MS);
    return pageTemplate(new URL(SERVED_PAGE, url).href).then(
      (template) => {
        const parts = splitServed(template);
        if (!parts) return deps.fetch(url.href);
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode(parts.head));
            const found = await row;
            controller.enqueue(encoder.encode((found ? servedRowBlock(found) : '') + parts.tail));
            controller.close();
          },
        });
        return new Response(body, { headers: HTML });
      },
      // The template could not be read: the package's page, as if never served.
      () => deps.fetch(url.href),
    );
  }

  /**
   * The list's first view written from `first` (lib/ui/served-list-markup.ts); null when it is
   * not one the worker writes, or not well formed.
   */
  const rowsMarkup = (first: ServedList): string | null => {
    const snapshot = parseSnapshot(first);
    const html = snapshot && servedListMarkup(snapshot, (deps.now ?? Date.now)());
    return acceptableMarkup(html) ? html : null;
  };

  /**
   * A list page, with the kept markup in place when the worker holds it (null: none); without,
   * with the status and first rows, when they are read within SERVED_LIST_MS, and the view they
   * make written in place.
   */
  function listPage(url: URL, html: string | null): Promise<Response> {
    const read = deps.list;
    const list = html !== null || !read ? Promise.resolve(null) : within(read, SERVED_LIST_MS);
    return Promise.all([pageTemplate(new URL(url.pathname, url).href), list]).then(
      ([template, first]) => {
        const inTab = url.searchParams.has('tab');
        const page =
          html !== null
            ? withListMarkup(template, html, inTab)
            : first
              ? withListMarkup(template, rowsMarkup(first), inTab, servedListBlock(first), 'rows')
              : template;
        return page === null ? deps.fetch(url.href) : new Response(page, { headers: HTML });
      },
      () => deps.fetch(url.href),
    );
  }

  return {
    /**
     * The response for a navigation to `url`, or null to leave it to the package. The full
     * view: the packaged page, its head at once (its stylesheet and scripts load meanwhile),
     * then the row read, then the rest; without the row (not found, not ready) the rest
     * follows alone and the page reads for itself. A list page: with the list's markup while
     * the worker holds it. Either asks the worker for its code and stylesheet.
     */
    respond(url: URL): Promise<Response> | null {
      if (url.pathname === SERVED_PAGE) {
        const mid = parseMessageId(url.search);
        return mid === null ? null : messagePage(url, mid);
      }
      if ((LIST_PAGES as readonly string[]).includes(url.pathname)) return listPage(url, listHtml);
      return null;
    },

    /**
     * A routed asset (PAGE_ASSETS) from memory, read from the package the first time; the
     * package's answer as it is when that read fails.
     */
    asset(url: URL): Promise<Response> {
      const href = new URL(url.pathname, url).href;
      return assetBlob(href).then(
        (blob) => new Response(blob, { headers: { 'content-type': typeOf(href) } }),
        () => deps.fetch(url.href),
      );
    },

    /**
     * What a page told of the list markup the popup cache keeps (lib/ui/list-markup-mirror.ts):
     * kept when acceptable, else none. The list pages' templates are fetched now, so that
     * the first open does not wait for them.
     */
    listMarkup(note: unknown, origin: string): void {
      const html = (note as { html?: unknown } | null)?.html;
      listHtml = acceptableMarkup(html) ? html : null;
      if (listHtml !== null) {
        for (const path of LIST_PAGES) {
          pageTemplate(new URL(path, origin).href).catch(() => undefined);
        }
      }
    },
  };
}

/** What a service worker's install and fetch events carry that the DOM types lack. */
interface RoutesInstallEvent extends Event {
  addRoutes(rules: typeof PAGE_ROUTES): Promise<void>;
  waitUntil(done: Promise<unknown>): void;
}
interface PageFetchEvent extends Event {
  request: Request;
  respondWith(response: Promise<Response>): void;
}

/**
 * Registers the routes (at install) and the fetch listener in `scope`, a service worker with
 * static routes (`staticRoutes`, lib/platform/capabilities.ts); without them it registers
 * nothing: every request of every page would wake the worker. Returns whether it serves.
 * Called while the worker's script first runs.
 */
export function servePages(
  scope: EventTarget,
  staticRoutes: boolean,
  server: ReturnType<typeof createPageServer>,
): boolean {
  if (!staticRoutes) return false;
  scope.addEventListener('install', (event) => {
    const install = event as RoutesInstallEvent;
    install.waitUntil(
      install
        .addRoutes(PAGE_ROUTES)
        .catch((error: unknown) => console.error('page routes not added', error)),
    );
  });
  scope.addEventListener('fetch', (event) => {
    const fetchEvent = event as PageFetchEvent;
    const url = new URL(fetchEvent.request.url);
    if (fetchEvent.request.mode !== 'navigate') {
      if (isPageAsset(url.pathname) && url.search === `?${SERVED_ASSET_QUERY}`) {
        fetchEvent.respondWith(server.asset(url));
      }
      return;
    }
    const response = server.respond(url);
    if (response) fetchEvent.respondWith(response);
  });
  return true;
}
