import { defineConfig } from 'wxt';
import { resolveServer } from './lib/push/server-url';

/**
 * The server the built extension talks to by default. `WXP_SERVER=<base url>` at build time
 * swaps the real service for a compatible one (the local server in `npm start` and tests).
 */
const server = resolveServer(process.env.WXP_SERVER);

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Tests build one copy per server address into their own folder.
  outDir: process.env.WXP_OUT_DIR || '.output',
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    minimum_chrome_version: '116',
    permissions: ['storage', 'alarms', 'notifications', 'offscreen'],
    // Least privilege: only the default server; a custom one is requested at run time.
    host_permissions: [server.hostPermission],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    action: {
      default_title: '__MSG_extName__',
      default_icon: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png' },
    },
    // Opens what the toolbar button opens (popup or side panel); the user changes the keys in
    // the browser's shortcuts page, the options page shows them. Alt+Shift+M ("messages"):
    // Chromium 156 leaves Alt+Shift+W, X and P unassigned (it keeps them for itself), so a
    // suggestion of those would silently give no shortcut (test/e2e/message-list.spec.ts).
    commands: {
      _execute_action: { suggested_key: { default: 'Alt+Shift+M' } },
    },
  },
  vite: () => ({
    define: {
      __WXP_DEFAULT_SERVER__: JSON.stringify(server.baseUrl),
    },
  }),
});
