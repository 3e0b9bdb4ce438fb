import type { Page } from 'puppeteer-core';

/** What a list page shows: rows, previews, day headings, or the full view it went to. */
export interface ListSnapshot {
  url: string;
  title: string;
  mids: number[];
  /** Day headings' text and rows' ids, top to bottom. */
  order: string[];
  previews: string[];
  headings: string[];
  /** The rows shown unread. */
  unread: number[];
  /** The full view's title, when the page shows one. */
  messageTitle: string | null;
  width: number;
  scrollWidth: number;
}

type SidebarMethod = 'open' | 'close' | 'isOpen' | 'getPanel';

interface FirefoxApi {
  browser: {
    sidebarAction: Record<SidebarMethod, (details?: object) => Promise<unknown>>;
    extension: { getViews(filter: { type: string }): Window[] };
  };
}

/**
 * Calls `browser.sidebarAction[method]` in an extension page, outside any user action (so
 * `open` and `close` are refused there: Firefox runs them only from a user input handler).
 * A refusal is thrown with Firefox's own words.
 */
export async function sidebarCall(page: Page, method: SidebarMethod): Promise<unknown> {
  const out = await page.evaluate(async (method) => {
    const { browser } = globalThis as unknown as FirefoxApi;
    try {
      // open() and close() take no argument (not even undefined); isOpen and getPanel take
      // a window or tab ({}: the current window).
      const call = browser.sidebarAction[method];
      return {
        value: await (method === 'open' || method === 'close' ? call() : call({})),
      };
    } catch (error) {
      return { error: String((error as Error).message ?? error) };
    }
  }, method);
  if ('error' in out) throw new Error(out.error);
  return out.value;
}

/**
 * Calls `sidebarAction.open` or `close` as the user would: from the handler of a click that
 * WebDriver performs on `page` (an extension page), which Firefox treats as user input.
 * Resolves once the call has settled; throws if Firefox refused it.
 */
export async function clickAs(page: Page, method: 'open' | 'close'): Promise<void> {
  await page.evaluate((method) => {
    const w = window as unknown as { __sidebarCall?: string };
    const { browser } = globalThis as unknown as FirefoxApi;
    w.__sidebarCall = 'pending';
    document.addEventListener(
      'click',
      () => {
        browser.sidebarAction[method]().then(
          () => (w.__sidebarCall = 'done'),
          (error: Error) => (w.__sidebarCall = `refused: ${error.message}`),
        );
      },
      { once: true },
    );
  }, method);
  await page.mouse.click(5, 5);
  const end = Date.now() + 20_000;
  for (;;) {
    const state = await page.evaluate(
      () => (window as unknown as { __sidebarCall?: string }).__sidebarCall,
    );
    if (state === 'done') return;
    if (state !== 'pending') throw new Error(`sidebarAction.${method}: ${state}`);
    if (Date.now() > end) throw new Error(`sidebarAction.${method} did not settle in 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * What a list page shows, read in the page itself (`'page'`) or in the real sidebar
 * (`'sidebar'`), reached from the extension page `page` through
 * `extension.getViews({ type: 'sidebar' })`: the sidebar's document is the add-on's own, in
 * its process. Null while no sidebar is open. With `click`, first clicks the element matching
 * it there (a DOM click: WebDriver cannot reach into the sidebar).
 */
export function listIn(
  page: Page,
  where: 'page' | 'sidebar',
  click?: string,
): Promise<ListSnapshot | null> {
  return page.evaluate(
    (where, click) => {
      const { browser } = globalThis as unknown as FirefoxApi;
      const view = where === 'page' ? window : browser.extension.getViews({ type: 'sidebar' })[0];
      if (!view) return null;
      const doc = view.document;
      if (click) {
        const target = doc.querySelector<HTMLElement>(click);
        if (!target) throw new Error(`nothing in the ${where} matches ${click}`);
        target.click();
      }
      const all = (s: string) => [...doc.querySelectorAll<HTMLElement>(s)];
      // The list is windowed: its items are placed by their top, not in document order.
      const order = all('.list > li')
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((e) => (e.classList.contains('day-heading') ? (e.textContent ?? '') : e.dataset.mid!));
      return {
        url: view.location.href,
        title: doc.title,
        mids: all('[data-testid="message-row"]').map((e) => Number(e.dataset.mid)),
        order,
        previews: all('[data-testid="row-preview"]').map((e) => e.textContent ?? ''),
        headings: all('[data-testid="day-heading"]').map((e) => e.textContent ?? ''),
        unread: all('[data-testid="message-row"][data-unread="1"]').map((e) =>
          Number(e.dataset.mid),
        ),
        messageTitle: doc.querySelector('[data-testid="message-title"]')?.textContent ?? null,
        width: view.innerWidth,
        scrollWidth: doc.documentElement.scrollWidth,
      };
    },
    where,
    click,
  );
}
