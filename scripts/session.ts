import type { Page as PlaywrightPage } from '@playwright/test';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { LaunchedExtension } from './extension-runner';
import { gotoExtensionPage, type LaunchedFirefox } from './firefox-runner';

/** A tab, the same in Chromium (Playwright) and Firefox (Puppeteer). */
export interface SessionPage {
  /** Runs `fn(arg)` in the page; `fn` is sent as source, so it may use only its argument. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Opens an extension page (a path: `/popup.html`) or a web address, and waits for it. */
  goto(pathOrUrl: string): Promise<void>;
  click(selector: string): Promise<void>;
  screenshot(file: string, opts?: { fullPage?: boolean }): Promise<void>;
  /**
   * Shows the page as in a dark (true) or the system's (false) colour scheme. Absent where the
   * driver cannot: Puppeteer emulates media features only over CDP, which Firefox lacks.
   */
  emulateDark?(on: boolean): Promise<void>;
  close(): Promise<void>;
}

/** A browser with the extension loaded, as `npm start` drives it. */
export interface ExtensionSession {
  /** "Chromium" or "Firefox", for messages. */
  name: string;
  version: string;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>` */
  origin: string;
  newPage(viewport?: { width: number; height: number }): Promise<SessionPage>;
  close(): Promise<void>;
}

export function chromiumSession(ext: LaunchedExtension): ExtensionSession {
  const origin = `chrome-extension://${ext.extensionId}`;
  const wrap = (page: PlaywrightPage): SessionPage => ({
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    async goto(target) {
      await page.goto(target.startsWith('/') ? `${origin}${target}` : target);
    },
    click: (selector) => page.locator(selector).first().click(),
    async screenshot(file, opts) {
      await page.screenshot({ path: file, fullPage: opts?.fullPage ?? false });
    },
    async emulateDark(on) {
      await page.emulateMedia({ colorScheme: on ? 'dark' : null });
    },
    close: () => page.close(),
  });
  return {
    name: 'Chromium',
    version: ext.context.browser()?.version() ?? '',
    origin,
    async newPage(viewport) {
      const page = await ext.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      return wrap(page);
    },
    close: () => ext.close(),
  };
}

export function firefoxSession(ff: LaunchedFirefox): ExtensionSession {
  const wrap = (page: PuppeteerPage): SessionPage => ({
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    async goto(target) {
      if (target.startsWith('/')) await gotoExtensionPage(page, `${ff.origin}${target}`);
      else await page.goto(target);
    },
    async click(selector) {
      await page.locator(selector).click();
    },
    async screenshot(file, opts) {
      await page.screenshot({ path: file as `${string}.png`, fullPage: opts?.fullPage ?? false });
    },
    close: () => page.close(),
  });
  return {
    name: 'Firefox',
    version: ff.version,
    origin: ff.origin,
    async newPage(viewport) {
      const page = await ff.browser.newPage();
      if (viewport) await page.setViewport(viewport);
      return wrap(page);
    },
    close: () => ff.close(),
  };
}
