import { parseMessageAccount, parseMessageId } from '../ui/message-address';
import { servedRowBlock, splitServed, type ServedRow } from '../ui/served-row';

/**
 * The full message view served by the worker itself, with its message in the document
 * (docs/architecture.md §7): the page shows it without opening the database first. Chrome only
 * (a service worker's fetch listener, with static routes, Chrome 123+); elsewhere, and whenever
 * the worker is not running, the page comes from the package as it is and reads the row
 * itself.
 */
export const SERVED_PAGE = '/message.html';

/**
 * The worker's static routes (`InstallEvent.addRoutes`): the full view's navigation goes to the
 * fetch listener while the worker runs; every other request, and that one while the worker is
 * stopped, goes to the package directly, without starting or waking the worker.
 */
export const PAGE_ROUTES = [
  {
    condition: {
      urlPattern: { pathname: SERVED_PAGE },
      requestMode: 'navigate',
      runningStatus: 'running',
    },
    source: 'fetch-event',
  },
  { condition: { urlPattern: { pathname: '/*' } }, source: 'network' },
] as const;

/**
 * The longest the worker holds the rest of a served page for its row: past it the rest goes
 * without (the page reads for itself), so a busy database never holds the page.
 */
export const SERVED_READ_MS = 1_000;

export interface PageServerDeps {
  /** Fetches a packaged file (the worker's own requests never come back to its listener). */
  fetch: (url: string) => Promise<Response>;
  /** The message `mid` of `account` (null: the bound one's); null when not found or not ready. */
  read: (mid: number, account: number | null) => Promise<ServedRow | null>;
  /** Timers (tests pass fakes). */
  setTimeout?: (run: () => void, ms: number) => unknown;
}

export function createPageServer(deps: PageServerDeps) {
  let template: Promise<{ head: string; tail: string } | null> | undefined;
  const packaged = (url: URL) =>
    (template ??= deps
      .fetch(new URL(SERVED_PAGE, url).href)
      .then(async (response) => {
        if (!response.ok) throw new Error(`${SERVED_PAGE}: ${response.status}`);
        return splitServed(await response.text());
      })
      .catch((error: unknown) => {
        template = undefined;
        throw error;
      }));
  const encoder = new TextEncoder();

  return {
    /**
     * The response for a navigation to `url`, or null to leave it to the package: the packaged
     * page, its head at once (its stylesheet and scripts load meanwhile), then the row read,
     * then the rest. Without the row (not found, not ready) the rest follows alone and the
     * page reads for itself.
     */
    respond(url: URL): Promise<Response> | null {
      const mid = parseMessageId(url.search);
      if (url.pathname !== SERVED_PAGE || mid === null) return null;
      const wait = deps.setTimeout ?? setTimeout;
      const row = Promise.race([
        deps.read(mid, parseMessageAccount(url.search)).catch(() => null),
        new Promise<null>((resolve) => wait(() => resolve(null), SERVED_READ_MS)),
      ]);
      return packaged(url).then(
        (parts) => {
          if (!parts) return deps.fetch(url.href);
          const body = new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(encoder.encode(parts.head));
              const found = await row;
              controller.enqueue(encoder.encode((found ? servedRowBlock(found) : '') + parts.tail));
              controller.close();
            },
          });
          return new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
        },
        // The template could not be read: the package's page, as if never served.
        () => deps.fetch(url.href),
      );
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
    if (fetchEvent.request.mode !== 'navigate') return;
    const response = server.respond(new URL(fetchEvent.request.url));
    if (response) fetchEvent.respondWith(response);
  });
  return true;
}
