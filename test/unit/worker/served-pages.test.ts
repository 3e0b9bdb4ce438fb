import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { StoredMessage } from '../../../lib/message';
import type { WorkerStatus } from '../../../lib/protocol';
import { parseSnapshot } from '../../../lib/ui/popup-cache';
import { servedListMarkup } from '../../../lib/ui/served-list-markup';
import { makeStatus, NOW, useLocale } from '../ui/helpers';
import { SERVED_ROW_ID, readServedRow, type ServedRow } from '../../../lib/ui/served-row';
import {
  LIST_MARKUP_MAX,
  PAGE_ASSETS,
  PAGE_ROUTES,
  SERVED_LIST_MS,
  SERVED_READ_MS,
  acceptableMarkup,
  assetsOf,
  createPageServer,
  isPageAsset,
  withServedAssets,
  servePages,
  withListMarkup,
} from '../../../lib/worker/served-pages';

const TEMPLATE = readFileSync('entrypoints/message/index.html', 'utf8');
/** The popup's page as the build writes it (Vite drops `vite-ignore`, leaving two spaces). */
const POPUP = readFileSync('entrypoints/popup/index.html', 'utf8').replace('vite-ignore ', ' ');
const SIDEPANEL = readFileSync('entrypoints/sidepanel/index.html', 'utf8');
const ORIGIN = 'chrome-extension://abc';
const DAY = 24 * 3_600_000;
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
/** The calls `fetch` got for `path`. */
const fetchesOf = (fetch: ReturnType<typeof vi.fn>, path: string) =>
  fetch.mock.calls.filter(([url]) => new URL(url as string).pathname === path).length;

describe('served pages', () => {
  it('serves the full view for a message id and the list pages, no other page', async () => {
    const { pages } = server(async () => row);
    expect(pages.respond(new URL(`${ORIGIN}/popup.html`))).not.toBeNull();
    expect(pages.respond(new URL(`${ORIGIN}/sidepanel.html`))).not.toBeNull();
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
    expect(fetchesOf(fetch, '/message.html')).toBe(1);

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
    const code = fetchEvent(`${ORIGIN}/message-app.js?served`, 'no-cors');
    const packaged = fetchEvent(`${ORIGIN}/message-app.js`, 'no-cors');
    const again = fetchEvent(`${ORIGIN}/popup-app.js?served&again`, 'no-cors');
    const early = fetchEvent(`${ORIGIN}/message-early.js?served`, 'no-cors');
    const events = [subresource, navigation, other, code, packaged, again, early];
    for (const event of events) scope.dispatchEvent(event);
    for (const left of [subresource, other, packaged, again, early]) {
      expect(left.respondWith).not.toHaveBeenCalled();
    }
    expect(navigation.respondWith).toHaveBeenCalledTimes(1);
    await text(await navigation.respondWith.mock.calls[0]![0]);
    expect(code.respondWith).toHaveBeenCalledTimes(1);
    expect(await text(await code.respondWith.mock.calls[0]![0])).toBe(
      `packaged ${ORIGIN}/message-app.js`,
    );
  });

  it('hands out the pages’ code and stylesheets from memory, each read from the package once', async () => {
    const { fetch, pages } = server(async () => row);
    const first = await pages.asset(new URL(`${ORIGIN}/popup-app.js`));
    expect(await first.text()).toBe(`packaged ${ORIGIN}/popup-app.js`);
    expect(first.headers.get('content-type')).toMatch(/^text\/javascript/);
    // A query does not make another copy.
    await (await pages.asset(new URL(`${ORIGIN}/popup-app.js?retry`))).text();
    const css = await pages.asset(new URL(`${ORIGIN}/assets/popup-x.css`));
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(fetchesOf(fetch, '/popup-app.js')).toBe(1);
    expect(fetchesOf(fetch, '/assets/popup-x.css')).toBe(1);

    // The package's own answer when it cannot be read; read again on the next request.
    let missing = true;
    const failing = vi.fn(async (url: string) =>
      missing ? new Response('', { status: 404 }) : new Response(`packaged ${url}`),
    );
    const broken = createPageServer({ fetch: failing, read: async () => row });
    expect((await broken.asset(new URL(`${ORIGIN}/list-boot.js`))).status).toBe(404);
    missing = false;
    expect(await (await broken.asset(new URL(`${ORIGIN}/list-boot.js`))).text()).toBe(
      `packaged ${ORIGIN}/list-boot.js`,
    );
  });

  it('serves pages that ask it for their code and stylesheet, read before they ask', async () => {
    const built = TEMPLATE.replace('./style.css', '/assets/message-x.css');
    expect(assetsOf(built)).toEqual(['/assets/message-x.css', '/message-app.js']);
    expect(assetsOf(POPUP)).toEqual(['/list-boot.js', '/popup-app.js']);
    expect(assetsOf(SIDEPANEL)).toEqual(['/list-boot.js', '/sidepanel-app.js']);
    const named = withServedAssets(built);
    expect(named).toContain('href="/assets/message-x.css?served"');
    expect(named).toContain('src="/message-app.js?served"');
    // The early read stays the package's: it reloads a page whose code never came.
    expect(named).toContain('src="/message-early.js"');
    expect(withServedAssets(POPUP)).toContain(
      'src="/list-boot.js?served" data-app="/popup-app.js?served"',
    );
    const fetch = vi.fn(async (url: string) => {
      const path = new URL(url).pathname;
      if (path === '/message.html') return new Response(built);
      return new Response(path === '/popup.html' ? POPUP : `packaged ${url}`);
    });
    const pages = createPageServer({ fetch, read: async () => row });
    const page = await text(await pages.respond(new URL(`${ORIGIN}/message.html?id=42`)));
    expect(page).toContain('src="/message-app.js?served"');
    expect(fetchesOf(fetch, '/message-app.js')).toBe(1);
    expect(fetchesOf(fetch, '/assets/message-x.css')).toBe(1);
    await (await pages.asset(new URL(`${ORIGIN}/message-app.js`))).text();
    expect(fetchesOf(fetch, '/message-app.js')).toBe(1);
    // A list page without kept markup: served as packaged, its code asked for from here.
    const popup = await text(await pages.respond(new URL(`${ORIGIN}/popup.html`)));
    expect(popup).toBe(withServedAssets(POPUP));
    expect(fetchesOf(fetch, '/popup-app.js')).toBe(1);
  });

  it('routes only the pages’ code and stylesheets, not the early read', () => {
    for (const path of ['/message-app.js', '/popup-app.js', '/sidepanel-app.js', '/list-boot.js']) {
      expect(isPageAsset(path), path).toBe(true);
    }
    expect(isPageAsset('/assets/message-x.css')).toBe(true);
    for (const path of ['/message-early.js', '/background.js', '/message.html', '/assets']) {
      expect(isPageAsset(path), path).toBe(false);
    }
  });

  it('routes the three pages to the worker while it runs, their code as they ask, else the package', () => {
    for (const [i, pathname] of ['/message.html', '/popup.html', '/sidepanel.html'].entries()) {
      expect(PAGE_ROUTES[i]).toEqual({
        condition: { urlPattern: { pathname }, requestMode: 'navigate', runningStatus: 'running' },
        source: 'fetch-event',
      });
    }
    // Their code and stylesheets, asked for by a page it served (it may have stopped since).
    for (const [i, pathname] of PAGE_ASSETS.entries()) {
      expect(PAGE_ROUTES[3 + i]).toEqual({
        condition: { urlPattern: { pathname, search: 'served' } },
        source: 'fetch-event',
      });
    }
    expect(PAGE_ROUTES).toHaveLength(4 + PAGE_ASSETS.length);
    expect(PAGE_ROUTES[PAGE_ROUTES.length - 1]).toEqual({
      condition: { urlPattern: { pathname: '/*' } },
      source: 'network',
    });
  });

  it('serves the list pages with the markup the pages told, while it holds one', async () => {
    const { fetch, pages } = server(async () => row);
    const html = '<div class="popup" inert=""><ul><li data-mid="7">costs $&amp; $1</li></ul></div>';
    pages.listMarkup({ html }, ORIGIN);
    // Both templates are fetched when the markup arrives, not at the first open; so is their code.
    await vi.waitFor(() => expect(fetchesOf(fetch, '/sidepanel-app.js')).toBe(1));
    expect(fetchesOf(fetch, '/popup.html') + fetchesOf(fetch, '/sidepanel.html')).toBe(2);
    expect(fetchesOf(fetch, '/popup-app.js') + fetchesOf(fetch, '/list-boot.js')).toBe(2);
    for (const path of ['popup.html', 'sidepanel.html']) {
      const text = await (await pages.respond(new URL(`${ORIGIN}/${path}`)))!.text();
      const doc = new DOMParser().parseFromString(text, 'text/html');
      const app = doc.getElementById('app')!;
      expect(app.hasAttribute('data-served')).toBe(true);
      expect(app.innerHTML).toBe(html);
      // The boot script comes right after the markup, no longer in the head.
      expect(app.nextElementSibling?.getAttribute('src')).toBe('/list-boot.js?served');
      expect(doc.head.querySelector('script')).toBeNull();
      expect(doc.documentElement.classList.contains('in-tab')).toBe(false);
    }
    expect(fetchesOf(fetch, '/popup.html') + fetchesOf(fetch, '/sidepanel.html')).toBe(2);
    const panel = await (await pages.respond(new URL(`${ORIGIN}/sidepanel.html?tab=1`)))!.text();
    expect(new DOMParser().parseFromString(panel, 'text/html').documentElement.className).toBe(
      'in-tab in-panel',
    );
    const tab = await (await pages.respond(new URL(`${ORIGIN}/popup.html?tab=1`)))!.text();
    expect(new DOMParser().parseFromString(tab, 'text/html').documentElement.className).toBe(
      'in-tab',
    );

    // None kept, or none acceptable: the page as packaged, nothing in #app.
    const plain = withServedAssets(POPUP);
    pages.listMarkup({ html: null }, ORIGIN);
    expect(await text(await pages.respond(new URL(`${ORIGIN}/popup.html`)))).toBe(plain);
    pages.listMarkup({ html: '<p>a</p><script src="/popup-app.js"></script>' }, ORIGIN);
    expect(await text(await pages.respond(new URL(`${ORIGIN}/popup.html`)))).toBe(plain);
    pages.listMarkup('garbage', ORIGIN);
    expect(await text(await pages.respond(new URL(`${ORIGIN}/popup.html`)))).toBe(plain);
  });

  it('with no kept markup, serves a list page with the status and first rows before its boot', async () => {
    const list = { status: { binding: { kind: 'bound' } }, rows: [{ mid: 7, line: '</script>' }] };
    const fetch = vi.fn(async (url: string) =>
      new URL(url).pathname === '/popup.html' ? new Response(POPUP) : new Response('pkg'),
    );
    const pages = createPageServer({
      fetch,
      read: async () => row,
      list: async () => list as never,
    });
    for (const address of ['popup.html', 'popup.html?tab=1']) {
      const html = await text(await pages.respond(new URL(`${ORIGIN}/${address}`)));
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const app = doc.getElementById('app')!;
      expect(app.hasAttribute('data-served')).toBe(false);
      expect(app.childNodes).toHaveLength(0);
      // The block, then the boot script, which starts the app: it finds the block parsed.
      const block = app.nextElementSibling!;
      expect(block.id).toBe('wxp-served-list');
      expect(JSON.parse(block.textContent!)).toEqual(list);
      expect(block.nextElementSibling?.getAttribute('src')).toBe('/list-boot.js?served');
      expect(doc.head.querySelector('script')).toBeNull();
      expect(doc.documentElement.classList.contains('in-tab')).toBe(address.includes('tab'));
    }

    // Kept markup goes first: the list is not read for it.
    const read = vi.fn(async () => list as never);
    const marked = createPageServer({ fetch, read: async () => row, list: read });
    marked.listMarkup({ html: '<p>kept</p>' }, ORIGIN);
    const kept = await text(await marked.respond(new URL(`${ORIGIN}/popup.html`)));
    expect(kept).toContain('<p>kept</p>');
    expect(kept).not.toContain('wxp-served-list');
    expect(read).not.toHaveBeenCalled();
  });

  it('with no kept markup, writes the view the served rows make into #app, the rows beside it', async () => {
    useLocale('en');
    const hostile = '</div></ul><script>alert(1)</script><img src=x onerror="alert(2)">';
    const rows = [
      { mid: 8, name: 'ci', line: hostile, preview: 'p', createTime: NOW - 60_000, unread: true },
      { mid: 7, name: 'ci', line: 'older', createTime: NOW - 2 * DAY, unread: false },
    ];
    const list = { status: makeStatus(), rows };
    const fetch = async (url: string) =>
      new URL(url).pathname === '/popup.html' ? new Response(POPUP) : new Response('pkg');
    const serve = (status: WorkerStatus) =>
      createPageServer({
        fetch,
        read: async () => row,
        list: async () => ({ status, rows }),
        now: () => NOW,
      });
    const html = await text(await serve(list.status).respond(new URL(`${ORIGIN}/popup.html`)));
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const app = doc.getElementById('app')!;
    expect(app.getAttribute('data-served')).toBe('rows');
    const written = document.createElement('div');
    written.innerHTML = servedListMarkup(parseSnapshot(list)!, NOW)!;
    expect(app.innerHTML).toBe(written.innerHTML);
    expect(
      [...app.querySelectorAll('[data-testid="message-row"]')].map((r) => r.textContent),
    ).toEqual([expect.stringContaining(hostile), expect.stringContaining('older')]);
    expect(app.querySelectorAll('script, img')).toHaveLength(0);
    // The rows the app renders the same view from, then the boot script.
    const block = app.nextElementSibling!;
    expect(block.id).toBe('wxp-served-list');
    expect(JSON.parse(block.textContent!)).toEqual(list);
    expect(block.nextElementSibling?.getAttribute('src')).toBe('/list-boot.js?served');

    // A view it does not write (the server's upgrade notice): the rows alone, as before.
    const update = { title: 'v2', content: '', version: '2', url: '', must: false };
    const noted = await text(
      await serve(makeStatus({ update })).respond(new URL(`${ORIGIN}/popup.html`)),
    );
    const plain = new DOMParser().parseFromString(noted, 'text/html').getElementById('app')!;
    expect(plain.childNodes).toHaveLength(0);
    expect(plain.nextElementSibling?.id).toBe('wxp-served-list');
  });

  it('serves a list page as packaged when the list is not read in time, or not at all', async () => {
    const plain = withServedAssets(POPUP);
    const fetch = async (url: string) =>
      new URL(url).pathname === '/popup.html' ? new Response(POPUP) : new Response('pkg');
    const waits: number[] = [];
    const slow = createPageServer({
      fetch,
      read: async () => row,
      list: () => new Promise(() => undefined),
      setTimeout: (run, ms) => {
        waits.push(ms);
        run();
      },
    });
    expect(await text(await slow.respond(new URL(`${ORIGIN}/popup.html`)))).toBe(plain);
    expect(waits).toEqual([SERVED_LIST_MS]);
    for (const list of [async () => null, () => Promise.reject(new Error('closed'))]) {
      const pages = createPageServer({ fetch, read: async () => row, list });
      expect(await text(await pages.respond(new URL(`${ORIGIN}/popup.html`)))).toBe(plain);
    }
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
