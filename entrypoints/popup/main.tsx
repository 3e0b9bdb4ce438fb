import { render } from 'preact';
import { browser } from 'wxt/browser';
import { openMessageReader } from '../../lib/ui/message-reader';
import { PopupStoreContext, createPopupStore } from '../../lib/ui/popup-store';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { createWorkerClient } from '../../lib/ui/worker-client';
import { App } from './App';

// Mount only (style.md 1): build the store, provide it, render.
applyDocumentLanguage();
void openMessageReader().then((reader) => {
  const store = createPopupStore({ client: createWorkerClient(browser.runtime), reader });
  render(
    <PopupStoreContext.Provider value={store}>
      <App />
    </PopupStoreContext.Provider>,
    document.getElementById('app')!,
  );
});
