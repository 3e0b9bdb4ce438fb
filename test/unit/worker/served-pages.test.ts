import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { StoredMessage } from '../../../lib/message';
import { SERVED_ROW_ID, readServedRow, type ServedRow } from '../../../lib/ui/served-row';
import {
  LIST_MARKUP_MAX,
  PAGE_ROUTES,
  SERVED_READ_MS,
  acceptableMarkup,
  createPageServer,
  servePages,
  withListMarkup,
} from '../../../lib/worker/served-pages';

const TEMPLATE = readFileSync('entrypoints/message/index.html', 'utf8');
/** The popup's page as the build writes it (Vite drops `vite-ignore`, leaving two spaces). */
const POPUP = readFileSync('entrypoints/popup/index.html', 'utf8').replace('vite-ignore ', ' ');
const SIDEPANEL = readFileSync('entrypoints/sidepanel/index.html', 'utf8');
const ORIGIN = 'chrome-extension://abc';
const row: ServedRow = {
  account: 3,
  message: {
    mid: 42,
    account: 3,
    title: 't',
    content: 'c',
    searchText: 't\nc',
  } as StoredMessage,
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function server(read: (mid: number, account: number | null) => Promise<ServedRow | null>) {
  const fetch = vi.fn(async (url: string) => {
    const path = new URL(url).pathname;
    if (path === '/message.html') return new Response(TEMPLATE);
    if (path === '/popup.html') return new Response(POPUP);
    if (path === '/sidepanel.html') return new Response(SIDEPANEL);
    return new Response(`packaged ${url}`);
  });
  return { fetch, pages: createPageServer({ fetch, read }) };
}

const text = (response: Response | null | undefined) => response!.text();

describe('served pages', () => {
  it('serves the full view for a message id, and no other page it holds nothing for', async () => {
    const { pages } = server(async () => row);
    expect(pages.respond(new URL(`${ORIGIN}/popup.html`))).toBeNull();
    expect(pages.respond(new URL(`${ORIGIN}/sidepanel.html`))).toBeNull();
    expect(pages.respond(new URL(`${ORIGIN}/options.html`))).toBeNull();
    expect(pages.respond(new URL(`${ORIGIN}/message.html`))).toBeNull();
    expect(pages.respond(new URL(`${ORIGIN}/message.html?id=x`))).toBeNull();
    expect(pages.respond(new URL(`${ORIGIN}/message.html?id=42`))).not.toBeNull();
  });

  it('sends the head before the row is read, then the row, then the rest', async () => {
    const read = deferred<ServedRow | null>();
    const asked: [number, number | null][] = [];
    const { pages } = server((mid, account) => {
      asked.push([mid, account]);
      return read.promise;
    });
    const response = await pages.respond(new URL(`${ORIGIN}/message.html?id=42&account=3`))!;
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    const head = decoder.decode((await reader.read()).value);
    expect(head).toContain('wxp-served');
    expect(head).toContain('message-early.js');
    expect(head).not.toContain(SERVED_ROW_ID);
    read.resolve(row);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += decoder.decode(chunk.value);
    }
    expect(asked).toEqual([[42, 3]]);
    const doc = new DOMParser().parseFromString(head + rest, 'text/html');
    expect(readServedRow(doc, '?id=42&account=3')?.message.title).toBe('t');
    expect(rest.indexOf(SERVED_ROW_ID)).toBeLessThan(rest.indexOf('message-app.js'));
  });

  it('serves the page without a row when none is found or the read fails', async () => {
    for (const read of [async () => null, () => Promise.reject(new Error('closed'))]) {
      const { pages } = server(read);
      const html = await text(await pages.respond(new URL(`${ORIGIN}/message.html?id=42`)));
      expect(html).toContain('wxp-served');
      expect(html).not.toContain(SERVED_ROW_ID);
      expect(html).toContain('message-app.js');
    }
  });

  it('sends the rest without the row when the read takes longer than SERVED_READ_MS', async () => {
    const waits: number[] = [];
    const pages = createPageServer({
      fetch: async () => new Response(TEMPLATE),
      read: () => new Promise<ServedRow | null>(() => undefined),
      setTimeout: (run, ms) => {
        waits.push(ms);
        run();
      },
    });
    const html = await text(await pages.respond(new URL(`${ORIGIN}/message.html?id=42`)));
    expect(waits).toEqual([SERVED_READ_MS]);
    expect(html).not.toContain(SERVED_ROW_ID);
    expect(html).toContain('message-app.js');
  });

  it('reads the template once, and falls back to the package when it cannot', async () => {
    const { fetch, pages } = server(async () => row);
    await text(await pages.respond(new URL(`${ORIGIN}/message.html?id=42`)));
    await text(await pages.respond(new URL(`${ORIGIN}/message.html?id=43`)));
    expect(fetch).toHaveBeenCalledTimes(1);

    const failing = vi.fn(async (url: string) =>
      url.endsWith('/message.html') ? new Response('', { status: 404 }) : new Response('packaged'),
    );
    const broken = createPageServer({ fetch: failing, read: async () => row });
    expect(await text(await broken.respond(new URL(`${ORIGIN}/message.html?id=42`)))).toBe(
      'packaged',
    );
    // Not remembered as failed: the next navigation tries again.
    await broken.respond(new URL(`${ORIGIN}/message.html?id=42`));
    expect(failing.mock.calls.filter(([url]) => url === `${ORIGIN}/message.html`)).toHaveLength(2);
  });

  it('listens only with static routes, and adds them at install', async () => {
    const { pages } = server(async () => row);
    const plain = new EventTarget();
    const added = vi.spyOn(plain, 'addEventListener');
    expect(servePages(plain, false, pages)).toBe(false);
    expect(added).not.toHaveBeenCalled();

    class RoutingInstallEvent extends Event {
      routes: unknown[] = [];
      waited: Promise<unknown>[] = [];
      addRoutes(rules: unknown) {
        this.routes.push(rules);
        return Promise.resolve();
      }
      waitUntil(done: Promise<unknown>) {
        this.waited.push(done);
      }
    }
    const scope = new EventTarget();
    expect(servePages(scope, true, pages)).toBe(true);
    const install = new RoutingInstallEvent('install');
    scope.dispatchEvent(install);
    expect(install.routes).toEqual([PAGE_ROUTES]);
    expect(install.waited).toHaveLength(1);

    const fetchEvent = (url: string, mode: RequestMode) =>
      Object.assign(new Event('fetch'), {
        request: { url, mode },
        respondWith: vi.fn(),
      });
    const subresource = fetchEvent(`${ORIGIN}/message.html?id=42`, 'cors');
    const navigation = fetchEvent(`${ORIGIN}/message.html?id=42`, 'navigate');
    const other = fetchEvent(`${ORIGIN}/options.html`, 'navigate');
    for (const event of [subresource, navigation, other]) scope.dispatchEvent(event);
    expect(subresource.respondWith).not.toHaveBeenCalled();
    expect(other.respondWith).not.toHaveBeenCalled();
    expect(navigation.respondWith).toHaveBeenCalledTimes(1);
    await text(await navigation.respondWith.mock.calls[0]![0]);
  });

  it('routes the three pages to the worker while it runs, everything else to the package', () => {
    for (const [i, pathname] of ['/message.html', '/popup.html', '/sidepanel.html'].entries()) {
      expect(PAGE_ROUTES[i]).toEqual({
        condition: { urlPattern: { pathname }, requestMode: 'navigate', runningStatus: 'running' },
        source: 'fetch-event',
      });
    }
    expect(PAGE_ROUTES).toHaveLength(4);
    expect(PAGE_ROUTES[PAGE_ROUTES.length - 1]).toEqual({
      condition: { urlPattern: { pathname: '/*' } },
      source: 'network',
    });
  });

  it('serves the list pages with the markup the pages told, while it holds one', async () => {
    const { fetch, pages } = server(async () => row);
    const html = '<div class="popup" inert=""><ul><li data-mid="7">costs $&amp; $1</li></ul></div>';
    pages.listMarkup({ html }, ORIGIN);
    // Both templates are fetched when the markup arrives, not at the first open.
    await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    for (const path of ['popup.html', 'sidepanel.html']) {
      const text = await (await pages.respond(new URL(`${ORIGIN}/${path}`)))!.text();
      const doc = new DOMParser().parseFromString(text, 'text/html');
      const app = doc.getElementById('app')!;
      expect(app.hasAttribute('data-served')).toBe(true);
      expect(app.innerHTML).toBe(html);
      // The boot script comes right after the markup, no longer in the head.
      expect(app.nextElementSibling?.getAttribute('src')).toBe('/list-boot.js');
      expect(doc.head.querySelector('script')).toBeNull();
      expect(doc.documentElement.classList.contains('in-tab')).toBe(false);
    }
    expect(fetch).toHaveBeenCalledTimes(2);
    const panel = await (await pages.respond(new URL(`${ORIGIN}/sidepanel.html?tab=1`)))!.text();
    expect(new DOMParser().parseFromString(panel, 'text/html').documentElement.className).toBe(
      'in-tab in-panel',
    );
    const tab = await (await pages.respond(new URL(`${ORIGIN}/popup.html?tab=1`)))!.text();
    expect(new DOMParser().parseFromString(tab, 'text/html').documentElement.className).toBe(
      'in-tab',
    );

    pages.listMarkup({ html: null }, ORIGIN);
    expect(pages.respond(new URL(`${ORIGIN}/popup.html`))).toBeNull();
    pages.listMarkup({ html: '<p>a</p><script src="/popup-app.js"></script>' }, ORIGIN);
    expect(pages.respond(new URL(`${ORIGIN}/popup.html`))).toBeNull();
    pages.listMarkup('garbage', ORIGIN);
    expect(pages.respond(new URL(`${ORIGIN}/popup.html`))).toBeNull();
  });

  it('refuses markup that could load or run something, or is too long', () => {
    expect(acceptableMarkup('<div class="popup"><svg><path d="M0"></path></svg>row</div>')).toBe(
      true,
    );
    for (const bad of [
      '<SCRIPT>x</SCRIPT>',
      '<p></script>',
      '<iframe src="x">',
      '<object data="x">',
      '<embed src="x">',
      '<base href="https://example.com/">',
      '<meta http-equiv="refresh" content="0">',
      '<link rel="stylesheet" href="x">',
      '<style>*{}</style>',
      '<template><p></p></template>',
      '<frameset>',
      '<noscript>',
      'x'.repeat(LIST_MARKUP_MAX + 1),
    ]) {
      expect(acceptableMarkup(bad), bad.slice(0, 40)).toBe(false);
    }
    expect(acceptableMarkup(null)).toBe(false);
    expect(acceptableMarkup(5)).toBe(false);
  });

  it('leaves a list template it cannot place the markup into to the package', async () => {
    expect(
      withListMarkup('<html><body><div id="app"></div></body></html>', '<p/>', false),
    ).toBeNull();
    expect(
      withListMarkup('<html><script src="/list-boot.js"></script></html>', '<p/>', false),
    ).toBeNull();
    const fetch = vi.fn(async (url: string) =>
      new URL(url).pathname === '/popup.html'
        ? new Response('<p>changed</p>')
        : new Response('pkg'),
    );
    const pages = createPageServer({ fetch, read: async () => row });
    pages.listMarkup({ html: '<p>a</p>' }, ORIGIN);
    // The package's page, as it is.
    expect(await (await pages.respond(new URL(`${ORIGIN}/popup.html`)))!.text()).toBe(
      '<p>changed</p>',
    );
  });
});
