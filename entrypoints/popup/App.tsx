import { useEffect, useRef, useState } from 'preact/hooks';
import { ConnectionBar } from '../../components/ConnectionBar';
import { HistoryPicker } from '../../components/HistoryPicker';
import { ListToolbar } from '../../components/ListToolbar';
import { LoginConnection } from '../../components/LoginConnection';
import { MessageList } from '../../components/MessageList';
import { QrLogin } from '../../components/QrLogin';
import { SearchBar } from '../../components/SearchBar';
import { Toast } from '../../components/Toast';
import { OFFICIAL_SERVER } from '../../lib/push/server-url';
import { t } from '../../lib/i18n';
import { keyTarget, listKeyAction } from '../../lib/ui/list-keys';
import { usePopupStore } from '../../lib/ui/popup-store';

/** The toolbar popup: the login QR until bound, then the connection and messages. */
export function App() {
  const store = usePopupStore();
  const { status: statusStore } = store;

  useEffect(() => {
    void store.start();
    return () => store.dispose();
  }, [store]);

  useEffect(() => {
    // popup.html?tab=1 (from a summary notification) fills a whole tab.
    const inTab = new URLSearchParams(location.search).has('tab');
    document.documentElement.classList.toggle('in-tab', inTab);
  }, []);

  const status = statusStore.status.value;
  const binding = status?.binding;

  return (
    <div class="popup">
      <header class="popup-header">
        <h1 class="popup-title">{t('extName')}</h1>
        {/* A plain link: the options page needs no extension API to open. */}
        <a
          class="button small"
          href="/options.html"
          target="_blank"
          rel="noopener"
          data-testid="open-options"
        >
          {t('actionOptions')}
        </a>
      </header>
      {statusStore.error.value && (
        <p class="note error" role="alert" data-testid="worker-error">
          {t('errWorkerUnavailable')} {statusStore.error.value}
        </p>
      )}
      {!status || !binding ? (
        <p class="muted center" aria-busy="true">
          {t('loading')}
        </p>
      ) : binding.kind === 'bound' ? (
        <BoundView />
      ) : (
        <main class="popup-main">
          <LoginConnection
            connection={status.connection}
            lastError={status.lastError}
            serverUrl={status.serverUrl}
            now={store.now.value}
            onReconnect={() => void statusStore.reconnect()}
          />
          <QrLogin
            binding={binding}
            now={store.now.value}
            confirmBaseUrl={status.serverUrl === OFFICIAL_SERVER ? null : status.serverUrl}
            requesting={statusStore.requesting.value}
            onRefresh={() => void statusStore.requestLoginCode()}
          />
        </main>
      )}
    </div>
  );
}

/** Bound: connection bar, list actions, search and the windowed message list. */
function BoundView() {
  const { status: statusStore, list, now } = usePopupStore();
  const status = statusStore.status.value!;
  const searchRef = useRef<HTMLInputElement>(null);
  const [focusToken, setFocusToken] = useState(0);
  const rows = list.visible.value;
  const filtered = list.query.value.trim() !== '' || list.app.value !== '';

  const handleKeyDown = (e: KeyboardEvent) => {
    const action = listKeyAction({
      key: e.key,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      altKey: e.altKey,
      target: keyTarget(e.target),
    });
    if (!action) return;
    const selected = list.selectedMid.value;
    switch (action) {
      case 'next':
      case 'prev':
        list.move(action === 'next' ? 1 : -1);
        setFocusToken((n) => n + 1);
        break;
      case 'open':
        if (selected === null) return;
        void list.open(selected);
        break;
      case 'delete':
        if (selected === null) return;
        void list.remove([selected]).then(() => setFocusToken((n) => n + 1));
        break;
      case 'focusSearch':
        searchRef.current?.focus();
        break;
      case 'clear':
        if (!filtered) return;
        list.clearFilters();
        break;
    }
    e.preventDefault();
  };

  const undo = list.undo.value;
  const notice = list.notice.value;

  return (
    <main
      class="popup-main"
      onKeyDown={handleKeyDown}
      data-testid="bound-view"
      data-shown-query={list.appliedQuery.value}
    >
      <ConnectionBar
        connection={status.connection}
        lastError={status.lastError}
        notificationPermission={status.notificationPermission}
        update={status.update}
        now={now.value}
        onReconnect={() => void statusStore.reconnect()}
      />
      <HistoryPicker
        accounts={list.accounts.value}
        shown={list.account.value}
        current={list.current.value}
        onPick={(id) => void list.showAccount(id)}
      />
      <ListToolbar
        unreadCount={list.unreadCount.value}
        shown={rows.length}
        filtered={filtered || list.unreadOnly.value}
        onMarkAllRead={() => void list.markAllRead()}
        onClearShown={() => void list.clearShown()}
        onSendTest={() => void list.sendTest()}
      />
      <SearchBar
        query={list.query.value}
        app={list.app.value}
        apps={list.apps.value}
        unreadOnly={list.unreadOnly.value}
        inputRef={searchRef}
        onQuery={list.setQuery}
        onApp={list.setApp}
        onUnreadOnly={list.setUnreadOnly}
      />
      {filtered && (!list.complete.value || list.searchPending.value) && (
        <p class="note muted" role="status" data-testid="search-loading">
          {t(list.complete.value ? 'searchLoadingLong' : 'searchLoading')}
        </p>
      )}
      {list.complete.value && rows.length === 0 && (
        <p class="empty" data-testid="empty-list">
          {filtered ? t('listNoMatch') : list.unreadOnly.value ? t('listNoUnread') : t('listEmpty')}
        </p>
      )}
      <MessageList
        rows={rows}
        busy={!list.complete.value}
        selectedMid={list.selectedMid.value}
        focusToken={focusToken}
        resetKey={`${list.query.value}\n${list.app.value}`}
        now={now.value}
        onOpen={(mid) => void list.open(mid)}
        onSelect={list.select}
        onToggleRead={(mid, read) => void list.setRead(mid, read)}
        onDelete={(mid) => void list.remove([mid])}
      />
      <div class="toasts">
        {undo && (
          <Toast
            action={{ label: t('actionUndo'), onClick: () => void list.undoLast(), testId: 'undo' }}
            onDismiss={list.dismissUndo}
          >
            {undo.kind === 'clear'
              ? t('undoCleared', undo.mids.length)
              : t('undoDeleted', undo.mids.length)}
          </Toast>
        )}
        {notice && (
          <Toast kind={notice.kind === 'error' ? 'error' : 'info'} onDismiss={list.dismissNotice}>
            {notice.kind === 'error' ? notice.text : t('testSent')}
          </Toast>
        )}
      </div>
    </main>
  );
}
