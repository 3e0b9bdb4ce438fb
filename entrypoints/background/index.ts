import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { systemClock } from '../../lib/clock';
import { createNotificationClicks } from '../../lib/notifications/clicks';
import type { OffscreenApi } from '../../lib/platform/offscreen-document';
import { adaptBrowser, type RawBrowser } from '../../lib/platform';
import { CHANGES_CHANNEL, registerHandlers } from '../../lib/protocol';
import { LIST_MARKUP_CHANNEL } from '../../lib/ui/list-markup-mirror';
import type { WebSocketCtor } from '../../lib/push/connection';
import { openWxpDB } from '../../lib/storage/db';
import { SETTINGS_KEY, createSettingsRepo } from '../../lib/storage/settings';
import { createWorkerCore } from '../../lib/worker';
import { ALARMS, ensureAlarms } from '../../lib/worker/alarms';
import { createHandlers } from '../../lib/worker/handlers';
import { createPageOpener } from '../../lib/worker/open-page';
import { createPageServer, servePages } from '../../lib/worker/served-pages';
import { applyToolbarChoice, type ToolbarApi } from '../../lib/worker/toolbar-action';

/**
 * Wiring only (docs/architecture.md §3): build the core, register every listener synchronously
 * so an event that woke the worker is not missed, then let each wait for `ready`.
 */
export default defineBackground({
  type: 'module',
  main() {
    // What differs between browsers is decided here, by what each offers (lib/platform).
    const {
      browser: api,
      playSound,
      bodyRenderer,
      caps,
    } = adaptBrowser(browser as unknown as RawBrowser, {
      offscreen: offscreenApi(),
      Audio: (globalThis as { Audio?: new (src: string) => HTMLAudioElement }).Audio,
      InstallEvent: (globalThis as { InstallEvent?: unknown }).InstallEvent,
      // Firefox's background is a page: its document can hold the rendering frame.
      document: (globalThis as { document?: Document }).document,
    });
    const channel = new BroadcastChannel(CHANGES_CHANNEL);
    const core = createWorkerCore({
      browser: api,
      WebSocket: WebSocket as unknown as WebSocketCtor,
      fetch: (...args) => fetch(...args),
      clock: systemClock,
      random: Math.random,
      openDb: () => openWxpDB(),
      broadcast: (event) => channel.postMessage(event),
      playSound,
      renderBody: bodyRenderer?.render,
      defaultServer: __WXP_DEFAULT_SERVER__,
      version: browser.runtime.getManifest().version,
      onLine: () => navigator.onLine,
    });
    const ready = core.init().catch((error: unknown) => {
      console.error('worker init failed', error);
      throw error;
    });
    // A rendering document a stopped worker left open is closed once idle.
    bodyRenderer?.closeWhenIdle();
    // The full view served with its row in it, once the worker knows the bound account; the
    // list pages with the markup the pages keep, as they tell it, or else with the status and
    // the first rows.
    let started = false;
    void ready.then(() => (started = true)).catch(() => undefined);
    const pages = createPageServer({
      fetch: (url) => fetch(url),
      read: (mid, account) => (started ? core.servedRow(mid, account) : Promise.resolve(null)),
      list: () => (started ? core.servedList() : Promise.resolve(null)),
    });
    if (servePages(self, caps.staticRoutes, pages)) {
      new BroadcastChannel(LIST_MARKUP_CHANNEL).onmessage = (event: MessageEvent) =>
        pages.listMarkup(event.data, location.origin);
    }
    const whenReady = (fn: () => unknown) => () => {
      void ready.then(fn).catch((error: unknown) => console.error(error));
    };
    const openPage = createPageOpener({
      runtime: chrome.runtime,
      tabs: browser.tabs,
      windows: browser.windows,
    });
    registerHandlers(
      browser.runtime as never,
      createHandlers(core, { openPage, playSound }),
      ready,
    );
    const clicks = createNotificationClicks({
      browser: api,
      openPage,
      store: core.boundMessages,
      actions: core.boundMessages,
    });

    browser.runtime.onStartup.addListener(whenReady(() => core.connection.reconnectNow('startup')));
    browser.runtime.onInstalled.addListener(
      whenReady(() => core.connection.reconnectNow('installed')),
    );
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === ALARMS.watchdog.name) whenReady(() => core.tick())();
      if (alarm.name === ALARMS.prune.name) whenReady(() => core.actions.prune())();
    });
    browser.notifications.onClicked.addListener((id) => whenReady(() => clicks.clicked(id))());
    browser.notifications.onButtonClicked.addListener((id, index) =>
      whenReady(() => clicks.buttonClicked(id, index))(),
    );
    // Popup or side panel on the toolbar click (docs/architecture.md §7).
    const applyToolbar = () =>
      void createSettingsRepo(browser.storage.local)
        .load()
        .then((settings) =>
          applyToolbarChoice(
            // MV2 (Firefox) has browserAction and no side panel API: the popup stays.
            {
              action: (browser.action ?? browser.browserAction) as ToolbarApi['action'],
              sidePanel: globalThis.chrome?.sidePanel,
            },
            settings.toolbarOpens,
          ),
        )
        .catch((error: unknown) => console.error('toolbar choice not applied', error));
    applyToolbar();
    browser.storage.onChanged.addListener((changes, area) => {
      if (area !== 'local' || !(SETTINGS_KEY in changes)) return;
      whenReady(() => core.reloadSettings())();
      applyToolbar();
    });
    // Chrome fires no `online` in a service worker (test/reliability/network-events.spec.ts);
    // the network watch covers it there (push/network-watch.ts). A background page has it.
    self.addEventListener(
      'online',
      whenReady(() => core.connection.reconnectNow('online')),
    );

    void ensureAlarms(browser.alarms).catch((error: unknown) => console.error(error));
  },
});

/** Chrome's offscreen documents, where the browser has them (Chrome 116+), else undefined. */
function offscreenApi(): OffscreenApi | undefined {
  const offscreen = (globalThis as { chrome?: { offscreen?: typeof chrome.offscreen } }).chrome
    ?.offscreen;
  if (!offscreen) return undefined;
  return {
    createDocument: (params) => offscreen.createDocument(params as never),
    // The offscreen document that exists, if any.
    hasDocument: async () =>
      (await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length > 0,
    closeDocument: () => offscreen.closeDocument(),
  };
}
