import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createListPrefs } from '../../lib/ui/list-view';
import { openMessageReader } from '../../lib/ui/message-reader';
import { createPopupCache } from '../../lib/ui/popup-cache';
import { PopupStoreContext, createPopupStore } from '../../lib/ui/popup-store';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { createWorkerClient } from '../../lib/ui/worker-client';
import { App } from './App';

// Mount only (docs/architecture.md §11): build the store, provide it, render. The store starts
// before the first render: the status call, the database open and the first page all begin at
// once, and what the last open showed paints meanwhile.
applyDocumentLanguage('extName');
const store = createPopupStore({
  client: createWorkerClient(browser.runtime),
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
