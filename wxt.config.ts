import type { Plugin } from 'vite';
import { defineConfig } from 'wxt';
import { GECKO_ID } from './lib/platform/gecko';
import { resolveServer } from './lib/push/server-url';

/**
 * The server the built extension talks to by default. `WXP_SERVER=<base url>` at build time
 * swaps the real service for a compatible one (the local server in `npm start` and tests).
 */
const server = resolveServer(process.env.WXP_SERVER);

/** The permissions both builds need; the host permissions are listed with them in MV2. */
const PERMISSIONS = ['storage', 'alarms', 'notifications'];
/** A custom server's address is requested at run time, only when the user sets one. */
const OPTIONAL_HOSTS = ['http://*/*', 'https://*/*'];

/**
 * The popup, the side panel and the full message view load their code as one classic script
 * each (entrypoints/*-app.ts, built with everything they import; docs/architecture.md §7):
 * every extension file a page asks for is a round trip through the browser process, and a
 * page's ten module chunks cost more than one file of the same code. Vite still adds its own
 * module scripts (WXT's page plugins, a modulepreload polyfill) to every page; those three
 * pages run none of them, so the build takes them out, and fails if a page lost its script.
 */
function classicScriptPages(): Plugin {
  const PAGES: Record<string, RegExp> = {
    popup: /<script\s+src="\/list-boot\.js"\s+data-app="\/popup-app\.js"><\/script>/,
    sidepanel: /<script\s+src="\/list-boot\.js"\s+data-app="\/sidepanel-app\.js"><\/script>/,
    message: /<script\s+defer\s+src="\/message-app\.js"><\/script>/,
  };
  const MODULES = /\s*<(?:script type="module"[^>]*><\/script|link rel="modulepreload"[^>]*)>/g;
  return {
    name: 'wxp-classic-script-pages',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { filename }) {
        const page = /entrypoints[\\/]([^\\/]+)[\\/]index\.html$/.exec(filename)?.[1];
        const script = page ? PAGES[page] : undefined;
        if (!script) return html;
        if (!script.test(html)) throw new Error(`${filename}: its app script is missing`);
        return html.replace(MODULES, '');
      },
    },
  };
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Every import is written out. Auto-imports guessed one where a name merely matched: each
  // module with a parameter called `storage` got WXT's storage module (~3 KB gzip, run at
  // load) added, in every page that loads it. `false` only drops the global types: the build's
  // import plugin still adds imports unless told not to (it reads this option when it starts).
  imports: false,
  hooks: {
    'config:resolved': (wxt) => {
      Object.assign(wxt.config.imports, { autoImport: false });
    },
  },
  // Tests build one copy per server address into their own folder.
  outDir: process.env.WXP_OUT_DIR || '.output',
  // Firefox gets a persistent MV2 background page (README, "Firefox"): `wxt build -b firefox`.
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // MV2 names the toolbar button browser_action.
    [manifestVersion === 2 ? 'browser_action' : 'action']: {
      default_title: '__MSG_extName__',
      default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png' },
    },
    // Opens what the toolbar button opens (popup or side panel); the user changes the keys in
    // the browser's shortcuts page, the options page shows them. Alt+Shift+M ("messages"):
    // Chromium 156 leaves Alt+Shift+W, X and P unassigned (it keeps them for itself), so a
    // suggestion of those would silently give no shortcut (test/e2e/message-list.spec.ts).
    // MV2 (Firefox) names the command after browser_action.
    commands: {
      [manifestVersion === 2 ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+M' },
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              // 140 (the ESR before 153) is the first to read data_collection_permissions.
              strict_min_version: '140.0',
              // Nothing leaves the browser but the user's own server traffic.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {
          minimum_chrome_version: '116',
        }),
    ...(manifestVersion === 2
      ? {
          // Least privilege: only the default server; a custom one is requested at run time.
          permissions: [...PERMISSIONS, server.hostPermission],
          optional_permissions: OPTIONAL_HOSTS,
        }
      : {
          // Chrome's service worker plays the sound through an offscreen document.
          permissions: [...PERMISSIONS, ...(browser === 'firefox' ? [] : ['offscreen'])],
          host_permissions: [server.hostPermission],
          optional_host_permissions: OPTIONAL_HOSTS,
          // Firefox's default MV3 policy adds upgrade-insecure-requests, which turns a local
          // server's ws:// into wss://. (This build is made only to measure the event page.)
          ...(browser === 'firefox'
            ? { content_security_policy: { extension_pages: "script-src 'self'" } }
            : {}),
        }),
  }),
  zip: {
    // The sources zip addons.mozilla.org reviews: the code and how to build it, no screenshots.
    excludeSources: ['demo/**'],
  },
  vite: () => ({
    define: {
      __WXP_DEFAULT_SERVER__: JSON.stringify(server.baseUrl),
    },
    plugins: [classicScriptPages()],
  }),
});
