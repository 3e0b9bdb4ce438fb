import { render } from 'preact';
import { browser } from 'wxt/browser';
import { preloadRichRenderer } from '../../lib/render/load';
import { createSettingsRepo } from '../../lib/storage/settings';
import { openMessageReader } from '../../lib/ui/message-reader';
import {
  MessageViewStoreContext,
  createMessageViewStore,
  parseMessageAccount,
  parseMessageId,
} from '../../lib/ui/message-view-store';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { createWorkerClient } from '../../lib/ui/worker-client';
import { App } from './App';

// Mount only (docs/architecture.md §11): build the store, provide it, render. The store starts
// before the first render, so the message read and the settings call begin at once; so does
// loading the HTML and markdown renderer (its own chunk), in parallel with the read.
void preloadRichRenderer().catch(() => {}); // MessageContent reports a failed load
applyDocumentLanguage('messagePageTitle');
const store = createMessageViewStore({
  client: createWorkerClient(browser.runtime),
  reader: openMessageReader(),
  mid: parseMessageId(location.search),
  account: parseMessageAccount(location.search),
  copyText: (text) => navigator.clipboard.writeText(text),
  loadSettings: () => createSettingsRepo(browser.storage.local).load(),
});
void store.start();
render(
  <MessageViewStoreContext.Provider value={store}>
    <App />
  </MessageViewStoreContext.Provider>,
  document.getElementById('app')!,
);
