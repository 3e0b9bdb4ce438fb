import { render } from 'preact';
import type { MessageKey } from '../../lib/i18n';
import { createListPrefs } from '../../lib/ui/list-view';
import { openMessageReader } from '../../lib/ui/message-reader';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { createPopupCache } from '../../lib/ui/popup-cache';
import { PopupStoreContext, createPopupStore } from '../../lib/ui/popup-store';
import type { WorkerClient } from '../../lib/ui/worker-client';
import { App } from './App';

/**
 * Mounts the message list (docs/architecture.md §11), in the popup or the side panel: build the
 * store, provide it, render. The store starts before the first render: the status call, the
 * database open and the first page all begin at once, and what the last open showed paints
 * meanwhile. Both pages share an origin, so the remembered rows and the unread-only choice are
 * shared too.
 */
export function mountList(titleKey: MessageKey, client: WorkerClient): void {
  applyDocumentLanguage(titleKey);
  const store = createPopupStore({
    client,
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
}
