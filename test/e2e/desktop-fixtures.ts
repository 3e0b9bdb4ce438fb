import type { BrowserContext, Page } from '@playwright/test';
import { buildExtension, launchExtension } from './extension';
import { test as base } from './fixtures';
import { NotificationDaemon } from './notification-daemon';

export { bind, callWorker, expect, send, status } from './fixtures';

/**
 * The e2e fixtures, with Chromium showing its notifications through a test desktop notification
 * server (notification-daemon.ts), so a test clicks them the way a user's click reaches Chrome.
 * `extPage` is the message view page without an id: an extension page that is not the offscreen
 * document (the e2e default page is offscreen.html, which would play every sound itself); it
 * counts the sound requests the worker broadcasts to the offscreen document.
 */
export const test = base.extend<{ daemon: NotificationDaemon }>({
  // eslint-disable-next-line no-empty-pattern
  daemon: async ({}, use) => {
    const daemon = await NotificationDaemon.start();
    await use(daemon);
    await daemon.stop();
  },
  ext: async ({ server, daemon }, use) => {
    const dir = await buildExtension(server.url);
    const ext = await launchExtension(dir, {
      env: { DBUS_SESSION_BUS_ADDRESS: daemon.busAddress },
    });
    await use(ext);
    await ext.close();
  },
  extPage: async ({ ext }, use) => {
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/message.html`);
    await page.evaluate(() => {
      const w = globalThis as typeof globalThis & { soundRequests: number };
      w.soundRequests = 0;
      chrome.runtime.onMessage.addListener((m: { target?: string; type?: string } | null) => {
        if (m?.target === 'offscreen' && m.type === 'playSound') w.soundRequests++;
        return undefined; // the offscreen document answers, not this page
      });
    });
    await use(page);
  },
});

/** How many sounds the worker asked the offscreen document to play (seen by `extPage`). */
export function soundRequests(page: Page): Promise<number> {
  return page.evaluate(
    () => (globalThis as typeof globalThis & { soundRequests: number }).soundRequests,
  );
}

/** The pages showing an extension page whose address starts with `prefix` (e.g. message.html). */
export function extensionTabs(
  context: BrowserContext,
  extensionId: string,
  prefix: string,
): Page[] {
  const start = `chrome-extension://${extensionId}/${prefix}`;
  return context.pages().filter((p) => p.url().startsWith(start));
}
