import type { BrowserContext, Page } from '@playwright/test';
import { sleep } from './stats';

/**
 * Installed in every page of the context before its scripts run: notes, in the page's own
 * clock (ms since navigation start), when an element matching a watched selector first
 * exists, and the frame after it (what "painted" means here: the next animation frame has
 * run, its layout and paint too; the mark is taken in a user-blocking task posted from that
 * frame, which goes ahead of what the page queued, or a timer where there is no
 * `scheduler.postTask`). `window.__marks[selector] = {inDom, painted}`.
 */
export async function installPageTiming(
  context: BrowserContext,
  selectors: string[],
): Promise<void> {
  await context.addInitScript((selectors: string[]) => {
    const w = window as unknown as { __marks: Record<string, { inDom: number; painted?: number }> };
    w.__marks = {};
    // "host::shadow": the host's shadow root has content (the message view renders there);
    // "host::shadow-whole": and its body is no longer aria-busy (every part rendered).
    const present = (sel: string) => {
      const [host, pseudo] = sel.split('::');
      if (!pseudo) return document.querySelector(sel) !== null;
      const root = document.querySelector(host!)?.shadowRoot;
      if (!root || root.childElementCount === 0) return false;
      return pseudo === 'shadow' || root.querySelector('.wxp-body:not([aria-busy])') !== null;
    };
    const check = () => {
      for (const sel of selectors) {
        if (w.__marks[sel] || !present(sel)) continue;
        const mark: { inDom: number; painted?: number } = { inDom: performance.now() };
        w.__marks[sel] = mark;
        requestAnimationFrame(() => {
          const painted = () => (mark.painted = performance.now());
          // The first task after the frame: one the page itself queued before (a timer set in
          // its own animation frame callback, to go on with later parts) must not count.
          const scheduler = (
            window as { scheduler?: { postTask?: (task: () => void, options: object) => unknown } }
          ).scheduler;
          if (scheduler?.postTask) scheduler.postTask(painted, { priority: 'user-blocking' });
          else setTimeout(painted, 0);
        });
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      const root = attach.call(this, init);
      observer.observe(root, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeFilter: ['aria-busy'],
      });
      return root;
    };
  }, selectors);
}

/**
 * Before each timed open: the page closed just before (a list of 20 000 rows, a long message)
 * is still being torn down for a while, and the open right after it paid for that: a blank
 * page opened after the popup painted later than a page that also ran a script.
 */
const QUIET_MS = 250;

/**
 * Opens `url` in a new page, after a quiet moment, and waits until `selector` (and every one
 * of `alsoWait`) was painted; returns the time `selector` was (ms).
 */
export async function timeToPainted(
  context: BrowserContext,
  url: string,
  selector: string,
  alsoWait: string[] = [],
) {
  await sleep(QUIET_MS);
  const page = await context.newPage();
  await page.goto(url);
  try {
    await page.waitForFunction(
      (sels) =>
        sels.every(
          (sel) =>
            (window as unknown as { __marks?: Record<string, { painted?: number }> }).__marks?.[sel]
              ?.painted !== undefined,
        ),
      [selector, ...alsoWait],
      { timeout: 30_000, polling: 50 },
    );
  } catch (error) {
    const seen = await page.evaluate(() => ({
      marks: JSON.stringify((window as unknown as { __marks?: unknown }).__marks),
      body: document.body.innerText.slice(0, 300),
    }));
    throw new Error(`${url}: ${selector} not painted: ${JSON.stringify(seen)}`, { cause: error });
  }
  const ms = await paintedAt(page, selector);
  return { page, ms };
}

/** The page's used JS heap after a full garbage collection (what it retains), in MB. */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

/** When `selector` was painted in `page` (ms since its navigation start). */
export function paintedAt(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (sel) =>
      (window as unknown as { __marks: Record<string, { painted: number }> }).__marks[sel]!.painted,
    selector,
  );
}
