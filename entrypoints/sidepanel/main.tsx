import { render } from 'preact';
import { browser } from 'wxt/browser';
import { App } from '../popup/App';
import { createListPrefs } from '../../lib/ui/list-view';
import { openMessageReader } from '../../lib/ui/message-reader';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { createPanelClient } from '../../lib/ui/panel-client';
import { createPopupCache } from '../../lib/ui/popup-cache';
import { PopupStoreContext, createPopupStore } from '../../lib/ui/popup-store';
import { createWorkerClient } from '../../lib/ui/worker-client';

// Mount only (docs/architecture.md §11): the popup's store and App, with a client that opens
// a message's full view inside the panel. Same origin as the popup: the remembered rows and
// the unread-only choice are shared.
applyDocumentLanguage('sidePanelTitle');
const store = createPopupStore({
  client: createPanelClient(createWorkerClient(browser.runtime), (url) => location.assign(url)),
  reader: openMessageReader(),
  cache: createPopupCache(localStorage),
  prefs: createListPrefs(localStorage),
});
void store.start();
render(
  <PopupStoreContext.Provider value={store}>
    <App />
  </PopupStoreContext.Provider>,
  document.getElementById('app')!,
);
