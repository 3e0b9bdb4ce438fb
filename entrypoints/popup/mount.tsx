import { render } from 'preact';
import { uiLanguage, type MessageKey } from '../../lib/i18n';
import { createListPrefs } from '../../lib/ui/list-view';
import { mirrorListMarkup } from '../../lib/ui/list-markup-mirror';
import { keepSnapshot } from '../../lib/ui/list-snapshot-keeper';
import { openMessageReader } from '../../lib/ui/message-reader';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { createPopupCache } from '../../lib/ui/popup-cache';
import { PopupStoreContext, createPopupStore } from '../../lib/ui/popup-store';
import { readServedList } from '../../lib/ui/served-list';
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
  // The cache entry (markup and all), written so that a running worker knows what it keeps.
  const entry = mirrorListMarkup(localStorage);
  const store = createPopupStore({
    client,
    reader: openMessageReader(),
    cache: createPopupCache(entry),
    served: readServedList(document),
    prefs: createListPrefs(localStorage),
  });
  void store.start();
  const mount = () => {
    const app = document.getElementById('app')!;
    // render() takes over what the boot script painted (it diffs against existing children),
    // in one task: nothing flashes or moves. The page starts this code only after the boot
    // script's frame (public/list-boot.js), so the render need not wait for one.
    render(
      <PopupStoreContext.Provider value={store}>
        <App />
      </PopupStoreContext.Provider>,
      app,
    );
    keepSnapshot(store, app, entry, uiLanguage());
  };
  // With nothing remembered the boot script starts this code at once, from the head: when it
  // arrives before the body is parsed, it mounts as soon as the body is.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', mount, { once: true });
  } else {
    mount();
  }
}
