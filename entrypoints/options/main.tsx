import { render } from 'preact';
import { browser } from 'wxt/browser';
import { detectCapabilities, pageCapabilities } from '../../lib/platform/capabilities';
import { defaultServer } from '../../lib/ui/default-server';
import { downloadText } from '../../lib/ui/export-history';
import { mirrorListMarkup } from '../../lib/ui/list-markup-mirror';
import { openMessageReader } from '../../lib/ui/message-reader';
import { OptionsStoreContext, createOptionsStore } from '../../lib/ui/options-store';
import { createPopupCache } from '../../lib/ui/popup-cache';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { CHROME_SHORTCUTS_PAGE, createToolbarOptions } from '../../lib/ui/toolbar-options';
import { createWorkerClient } from '../../lib/ui/worker-client';
import { App } from './App';

// Mount only (docs/architecture.md §11): build the store, provide it, render.
applyDocumentLanguage('optionsPageTitle');
const store = createOptionsStore({
  client: createWorkerClient(browser.runtime),
  reader: openMessageReader(),
  requestOrigins: (origins) => browser.permissions.request({ origins }),
  download: (fileName, text) => downloadText(fileName, text),
  defaultServer: defaultServer(),
  capabilities: pageCapabilities(detectCapabilities({ notifications: browser.notifications })),
  forgetPopup: () => createPopupCache(mirrorListMarkup(localStorage)).clear(),
});
const commands = browser.commands as typeof browser.commands & {
  /** Firefox 137+: its own shortcuts page (it refuses to open about: pages in a tab). */
  openShortcutSettings?: () => Promise<void>;
};
const toolbar = createToolbarOptions({
  getCommands: () => commands.getAll(),
  openShortcutsPage: async () => {
    if (commands.openShortcutSettings) return commands.openShortcutSettings();
    await browser.tabs.create({ url: CHROME_SHORTCUTS_PAGE });
  },
  hasSidePanel: typeof chrome !== 'undefined' && !!chrome.sidePanel,
});
render(
  <OptionsStoreContext.Provider value={store}>
    <App toolbar={toolbar} />
  </OptionsStoreContext.Provider>,
  document.getElementById('app')!,
);
