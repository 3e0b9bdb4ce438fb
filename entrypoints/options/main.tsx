import { render } from 'preact';
import { browser } from 'wxt/browser';
import { detectCapabilities, pageCapabilities } from '../../lib/platform/capabilities';
import { defaultServer } from '../../lib/ui/default-server';
import { downloadText } from '../../lib/ui/export-history';
import { openMessageReader } from '../../lib/ui/message-reader';
import { OptionsStoreContext, createOptionsStore } from '../../lib/ui/options-store';
import { createPopupCache } from '../../lib/ui/popup-cache';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
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
  forgetPopup: () => createPopupCache(localStorage).clear(),
});
render(
  <OptionsStoreContext.Provider value={store}>
    <App />
  </OptionsStoreContext.Provider>,
  document.getElementById('app')!,
);
