import { wrap } from 'idb';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { uiLanguage } from '../../lib/i18n';
import { needsRichRenderer, preloadRichRenderer } from '../../lib/render/load';
import { renderedParts } from '../../lib/render/rendered-body';
import { openWxpDB, type WxpDatabase } from '../../lib/storage/db';
import { createSettingsRepo } from '../../lib/storage/settings';
import { createMessageReader } from '../../lib/ui/message-reader';
import {
  MessageViewStoreContext,
  createMessageViewStore,
  parseMessageAccount,
  parseMessageId,
} from '../../lib/ui/message-view-store';
import { mirrorListMarkup } from '../../lib/ui/list-markup-mirror';
import { rememberReadState, rememberRemoved } from '../../lib/ui/list-snapshot';
import { readServedRow } from '../../lib/ui/served-row';
import { applyDocumentLanguage } from '../../lib/ui/page-setup';
import { createWorkerClient } from '../../lib/ui/worker-client';
import { App } from './App';
import { takeEarlyRead, takeEarlySettings } from './early-read';

/**
 * Mounts the full message view (docs/architecture.md §11): build the store, provide it, render.
 * The store starts before the first render, so the message read and the settings call begin at
 * once; so does running the HTML and markdown renderer, which comes in the same script
 * (message-app.ts) and is evaluated only when asked for (not for a served message that needs
 * none).
 */
export function mountMessageView(): void {
  // The list's kept markup, patched through this so that a running worker knows it too.
  const entry = mirrorListMarkup(localStorage);
  applyDocumentLanguage('messagePageTitle');
  // message-early.ts opened the database and read the row while this code loaded; without it (no
  // database yet, one to upgrade) the usual open does that.
  const early = takeEarlyRead();
  // Served by the worker, the document holds the row already (lib/worker/served-pages.ts).
  const served = readServedRow(document, location.search);
  // Not for a served message that needs no renderer: text, or rendered when it arrived.
  if (
    !served ||
    (needsRichRenderer(served.message.contentType) &&
      !renderedParts(served.message, served.contentLength))
  ) {
    void preloadRichRenderer().catch(() => {}); // MessageContent reports a failed load
  }
  const database = early.then((found) =>
    found ? (wrap(found.db) as unknown as WxpDatabase) : openWxpDB(),
  );
  const store = createMessageViewStore({
    client: createWorkerClient(browser.runtime),
    reader: createMessageReader(database),
    firstRead: served
      ? Promise.resolve(served)
      : early.then((found) => (found && !found.failed ? found : null)),
    mid: parseMessageId(location.search),
    account: parseMessageAccount(location.search),
    copyText: (text) => navigator.clipboard.writeText(text),
    // Served with the row; else read by message-early.ts beside this code's loading; else here.
    loadSettings: async () => {
      if (served?.blockImages !== undefined) return { blockImages: served.blockImages };
      const repo = createSettingsRepo(browser.storage.local);
      const early = await takeEarlySettings();
      return early ? repo.fromItems(early) : repo.load();
    },
    remember: {
      read: (account, mid, read) => rememberReadState(entry, account, mid, read, uiLanguage()),
      removed: (account, mid) => rememberRemoved(entry, account, mid),
    },
  });
  void store.start();
  render(
    <MessageViewStoreContext.Provider value={store}>
      <App />
    </MessageViewStoreContext.Provider>,
    document.getElementById('app')!,
  );
}
