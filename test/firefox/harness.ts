import type { Page } from 'puppeteer-core';
import type { WorkerStatus } from '../../lib/protocol';
import { BINDING_KEY } from '../../lib/push/binding';
import {
  buildFirefoxExtension,
  gotoExtensionPage,
  inBackground,
  launchFirefox,
  type InBackground,
  type LaunchedFirefox,
} from '../../scripts/firefox-runner';
import { callWorker } from '../e2e/fixtures';
import type { RunningServer } from '../e2e/server-process';

/** The extension in Firefox, with a page kept open to reach it from. */
export interface FirefoxExtension {
  ff: LaunchedFirefox;
  /**
   * An extension document with no script of its own (the icon): it has the extension API and
   * the extension's IndexedDB, and opening it changes nothing.
   */
  page: Page;
  /** Code run in the background page, as `serviceWorker.evaluate` runs it in Chrome. */
  bg: InBackground;
  close(): Promise<void>;
}

/**
 * Builds the extension against `server`, launches Firefox with it installed in the profile
 * (a fresh one unless given: a relaunch reuses it) and waits until the background answers.
 */
export async function openFirefox(
  server: { url: string },
  opts: { profileDir?: string; prefs?: Record<string, unknown>; mv3?: boolean } = {},
): Promise<FirefoxExtension> {
  const dir = await buildFirefoxExtension(server.url, { mv3: opts.mv3 });
  const ff = await launchFirefox(dir, { profileDir: opts.profileDir, prefs: opts.prefs });
  try {
    const page = await ff.openPage('/icon/128.png');
    await waitUntil('the background page to answer', async () => {
      try {
        await callWorker(page, 'getStatus');
        return true;
      } catch {
        return false;
      }
    });
    return { ff, page, bg: inBackground(page), close: () => ff.close() };
  } catch (error) {
    await ff.close();
    throw error;
  }
}

export const ffStatus = (page: Page) => callWorker<WorkerStatus>(page, 'getStatus');

/** Opens an extension page (`/popup.html`) in a new tab of the given size. */
export async function openTab(
  ext: FirefoxExtension,
  pagePath: string,
  viewport = { width: 900, height: 760 },
): Promise<Page> {
  return ext.ff.openPage(pagePath, viewport);
}

/** Navigates an open tab to another extension page. */
export function navigate(ext: FirefoxExtension, page: Page, pagePath: string): Promise<void> {
  return gotoExtensionPage(page, `${ext.ff.origin}${pagePath}`);
}

/** Polls `check` until it is true (bounded); throws naming what did not happen. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The text of the first element matching `selector`, or null. */
export function textOf(page: Page, selector: string): Promise<string | null> {
  return page.evaluate(
    (selector) => document.querySelector(selector)?.textContent?.trim() ?? null,
    selector,
  );
}

/** Counts the elements matching `selector`. */
export function countOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((selector) => document.querySelectorAll(selector).length, selector);
}

/**
 * This device's messages as the server lists them (list-v2), read with the device's own token
 * from the extension's storage: how a test sees that read marks and deletes reached the server.
 */
export async function serverMessages(
  ext: FirefoxExtension,
  server: RunningServer,
): Promise<{ messageId: number; read: boolean }[]> {
  const binding = await ext.bg.evaluate(
    async (key) => (await chrome.storage.local.get(key))[key] as { deviceToken?: string },
    BINDING_KEY,
  );
  const response = await fetch(`${server.url}/api/need-login/device/message/list-v2`, {
    headers: { deviceToken: binding.deviceToken ?? '', platform: 'Chrome-Other', version: '0' },
  });
  const json = (await response.json()) as {
    code: number;
    msg: string;
    data: { messageId: number; read: boolean }[];
  };
  if (json.code !== 1000) throw new Error(`list-v2: ${json.code} ${json.msg}`);
  return json.data.map(({ messageId, read }) => ({ messageId, read }));
}
