import type { BrowserContext, Page } from '@playwright/test';

/**
 * Installed in every page of the context before its scripts run: notes, in the page's own
 * clock (ms since navigation start), when an element matching a watched selector first
 * exists, and the frame after it (what "painted" means here: the next animation frame has
 * run). `window.__marks[selector] = {inDom, painted}`.
 */
export async function installPageTiming(
  context: BrowserContext,
  selectors: string[],
): Promise<void> {
  await context.addInitScript((selectors: string[]) => {
    const w = window as unknown as { __marks: Record<string, { inDom: number; painted?: number }> };
    w.__marks = {};
    // "host::shadow" means: the host's shadow root has content (the message view renders there).
    const present = (sel: string) => {
      if (!sel.endsWith('::shadow')) return document.querySelector(sel) !== null;
      const root = document.querySelector(sel.slice(0, -'::shadow'.length))?.shadowRoot;
      return !!root && root.childElementCount > 0;
    };
    const check = () => {
      for (const sel of selectors) {
        if (w.__marks[sel] || !present(sel)) continue;
        const mark: { inDom: number; painted?: number } = { inDom: performance.now() };
        w.__marks[sel] = mark;
        requestAnimationFrame(() => setTimeout(() => (mark.painted = performance.now()), 0));
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init: ShadowRootInit) {
      const root = attach.call(this, init);
      observer.observe(root, { childList: true, subtree: true });
      return root;
    };
  }, selectors);
}

/** Opens `url` in a new page and waits until `selector` was painted; returns that time (ms). */
export async function timeToPainted(context: BrowserContext, url: string, selector: string) {
  const page = await context.newPage();
  await page.goto(url);
  try {
    await page.waitForFunction(
      (sel) =>
        (window as unknown as { __marks?: Record<string, { painted?: number }> }).__marks?.[sel]
          ?.painted !== undefined,
      selector,
      { timeout: 30_000, polling: 50 },
    );
  } catch (error) {
    const seen = await page.evaluate(() => ({
      marks: JSON.stringify((window as unknown as { __marks?: unknown }).__marks),
      body: document.body.innerText.slice(0, 300),
    }));
    throw new Error(`${url}: ${selector} not painted: ${JSON.stringify(seen)}`, { cause: error });
  }
  const ms = await page.evaluate(
    (sel) =>
      (window as unknown as { __marks: Record<string, { painted: number }> }).__marks[sel]!.painted,
    selector,
  );
  return { page, ms };
}

/** The page's used JS heap (CDP Runtime.getHeapUsage), in MB. */
export async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}
