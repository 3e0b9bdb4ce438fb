import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../lib/platform/gecko';
import { firefoxPath } from './firefox';
import { tempDir } from './temp-dir';

const ROOT = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);
const builds = new Map<string, Promise<string>>();

/** The add-on's internal UUID, pinned by its id so its pages have a known address. */
export const FIREFOX_EXTENSION_UUID = '3f6b0a52-7d1e-4c89-b0a4-5e2d9c71f8a6';
export const FIREFOX_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

/**
 * Builds the Firefox extension (`wxt build -b firefox`) with `serverUrl` as its default server,
 * once per address, folder and manifest version. Returns the unpacked folder (…/firefox-mv2).
 * `mv3` builds the event-page variant, made only to measure it (README, "Firefox").
 */
export function buildFirefoxExtension(
  serverUrl: string,
  opts: { outDir?: string; mv3?: boolean } = {},
): Promise<string> {
  const key = `${serverUrl} ${opts.outDir ?? ''} ${opts.mv3 ? 3 : 2}`;
  let build = builds.get(key);
  if (!build) {
    const outDir = opts.outDir ?? tempDir('wxp-ext-ff-');
    build = run(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/wxt/bin/wxt.mjs'),
        'build',
        '-b',
        'firefox',
        ...(opts.mv3 ? ['--mv3'] : []),
      ],
      { cwd: ROOT, env: { ...process.env, WXP_SERVER: serverUrl, WXP_OUT_DIR: outDir } },
    ).then(() => path.join(outDir, opts.mv3 ? 'firefox-mv3' : 'firefox-mv2'));
    builds.set(key, build);
  }
  return build;
}

/** Zips an unpacked extension folder into `file` (an .xpi is a zip). */
export async function packExtension(extensionDir: string, file: string): Promise<void> {
  await run('python3', [
    '-c',
    'import shutil, sys; shutil.make_archive(sys.argv[1], "zip", sys.argv[2])',
    file.replace(/\.\w+$/, ''),
    extensionDir,
  ]);
  const zipped = file.replace(/\.\w+$/, '.zip');
  if (zipped !== file) await run('mv', [zipped, file]);
}

/**
 * Preferences of the test profile. The add-on is installed into the profile like a user's
 * (so it survives a restart, and starts with the browser), unsigned, which ESR allows.
 */
export function profilePrefs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
    'xpinstall.signatures.required': false,
    // Add-ons found in the profile folder start enabled, without asking.
    'extensions.autoDisableScopes': 0,
    'extensions.enabledScopes': 15,
    // Without a notification daemon (headless, CI) the system backend drops a notification at
    // once; Firefox's own alert keeps it listed, as a desktop's notification centre does.
    'alerts.useSystemBackend': false,
    ...extra,
  };
}

/**
 * For a test or benchmark: every request but this machine's goes to a proxy on a closed local
 * port (9, discard) and fails at once; names are not looked up (the proxy would resolve them).
 * What `--host-resolver-rules` does for Chromium (extension-runner.ts).
 */
const LOCAL_HOSTS_ONLY: Record<string, unknown> = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  'network.proxy.allow_hijacking_localhost': false,
};

export interface LaunchedFirefox {
  browser: Browser;
  version: string;
  /** `moz-extension://<pinned uuid>` */
  origin: string;
  profileDir: string;
  /** Opens an extension page (`/popup.html`…) in a new tab once it has loaded. */
  openPage(pagePath: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Firefox with the extension installed in its profile (a fresh one unless given: a
 * relaunch reuses it, with everything the extension stored). Headless unless told otherwise.
 * Puppeteer drives it over WebDriver BiDi; `--remote-allow-system-access` lets it open
 * moz-extension:// pages. Unless `anyHost`, it reaches this machine only (LOCAL_HOSTS_ONLY).
 */
export async function launchFirefox(
  extension: string | { package: string },
  opts: {
    profileDir?: string;
    headless?: boolean;
    prefs?: Record<string, unknown>;
    anyHost?: boolean;
  } = {},
): Promise<LaunchedFirefox> {
  const fresh = !opts.profileDir;
  const profileDir = opts.profileDir ?? mkdtempSync(path.join(tmpdir(), 'wxp-ff-profile-'));
  // An unpacked folder is zipped into place; a package (.zip/.xpi) is installed as it is.
  const xpi = path.join(profileDir, 'extensions', `${GECKO_ID}.xpi`);
  if (!existsSync(xpi)) {
    mkdirSync(path.dirname(xpi), { recursive: true });
    if (typeof extension === 'string') await packExtension(extension, xpi);
    else copyFileSync(extension.package, xpi);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: opts.headless ?? true,
    userDataDir: profileDir,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: profilePrefs({ ...(opts.anyHost ? {} : LOCAL_HOSTS_ONLY), ...opts.prefs }),
    // npm start stops the browser itself on Ctrl-C.
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const launched: LaunchedFirefox = {
    browser,
    version: (await browser.version()).replace(/^firefox\//i, ''),
    origin: FIREFOX_ORIGIN,
    profileDir,
    async openPage(pagePath, viewport) {
      const page = await browser.newPage();
      if (viewport) await page.setViewport(viewport);
      await gotoExtensionPage(page, `${FIREFOX_ORIGIN}${pagePath}`);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (fresh) rmSync(profileDir, { recursive: true, force: true });
    },
  };
  return launched;
}

/**
 * Navigates to a moz-extension:// page and waits until it has loaded. Puppeteer's `goto` to
 * such a page never resolves in Firefox (the navigation is not reported), so it is started
 * without waiting and the page is polled instead.
 */
export async function gotoExtensionPage(page: Page, url: string, timeoutMs = 20_000) {
  void page.goto(url).catch(() => undefined);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const state = await page
      .evaluate(() => [location.href, document.readyState])
      .catch(() => ['', '']);
    if (state[0] === url && state[1] === 'complete') return;
    if (Date.now() > end) throw new Error(`Firefox did not open ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Code run inside the background page, the way Playwright's `worker.evaluate` runs it. */
export interface InBackground {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}

/**
 * Runs functions in the background page, reached from an extension page (`page`, kept open):
 * the function's source is compiled in that page with the background's globals (`self`,
 * `chrome`, `browser`, `BroadcastChannel`, `indexedDB`, `performance`, `JSON`) in scope, so the same
 * inspection code runs here as in Chrome's service worker. Anything it leaves behind in the
 * background (a wrapper, a record) belongs to `page`, which must stay open while it is used.
 */
export function inBackground(page: Page): InBackground {
  return {
    evaluate(fn: (arg: unknown) => unknown, arg?: unknown) {
      const argument = arg === undefined ? 'undefined' : JSON.stringify(arg);
      return page.evaluate(`(async () => {
        const bg = await globalThis.browser.runtime.getBackgroundPage();
        const run = (self, globalThis, chrome, browser, BroadcastChannel, indexedDB, performance, JSON) =>
          (${fn.toString()})(${argument});
        return run(bg, bg, bg.browser, bg.browser, bg.BroadcastChannel, bg.indexedDB, bg.performance, bg.JSON);
      })()`);
    },
  } as InBackground;
}
