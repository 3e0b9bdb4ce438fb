import { useCallback, useEffect } from 'preact/hooks';
import { MessageContent } from '../../components/MessageContent';
import { MessageHeader } from '../../components/MessageHeader';
import { Toast } from '../../components/Toast';
import type { StoredMessage } from '../../lib/message';
import { contentToPlainText } from '../../lib/render/plain-text';
import { safeLinkHref } from '../../lib/render/url-policy';
import { t } from '../../lib/i18n';
import { useMessageViewStore } from '../../lib/ui/message-view-store';

/** The full message view, `message.html?id=<mid>`. */
export function App() {
  const store = useMessageViewStore();
  useEffect(() => {
    void store.start();
    return () => store.dispose();
  }, [store]);

  const view = store.view.value;
  useEffect(() => {
    if (view.kind === 'found')
      document.title = view.message.title || view.message.summary || t('messagePageTitle');
  }, [view]);

  // Opened inside the side panel (lib/ui/panel-client.ts): the way back to the list.
  const inPanel = new URLSearchParams(location.search).get('in') === 'panel';

  return (
    <div class="page message-page">
      {inPanel && (
        <nav class="panel-back">
          <a href="/sidepanel.html" data-testid="back-to-list">
            <span aria-hidden="true">← </span>
            {t('actionBackToList')}
          </a>
        </nav>
      )}
      {view.kind === 'loading' && (
        <p class="muted center" aria-busy="true">
          {t('loading')}
        </p>
      )}
      {view.kind === 'missing' && (
        <main class="state-box" data-testid="message-missing">
          <h1>{t('messageNotFound')}</h1>
          <p class="muted">{t('messageNotFoundHint')}</p>
        </main>
      )}
      {view.kind === 'deleted' && (
        <main class="state-box" data-testid="message-deleted">
          <h1>{t('messageDeleted')}</h1>
          <button
            type="button"
            class="button primary"
            onClick={() => void store.undoDelete()}
            data-testid="undo"
          >
            {t('actionUndo')}
          </button>
        </main>
      )}
      {view.kind === 'found' && (
        <FoundView message={view.message} contentLength={view.contentLength} />
      )}
      {store.error.value && (
        <div class="toasts">
          <Toast kind="error" onDismiss={store.dismissError}>
            {store.error.value}
          </Toast>
        </div>
      )}
    </div>
  );
}

/**
 * The message found. `contentLength`: set when it came without its content, shown from its
 * rendering (lib/ui/served-row.ts); the text to copy is then read when asked for.
 */
function FoundView({ message, contentLength }: { message: StoredMessage; contentLength?: number }) {
  const store = useMessageViewStore();
  const withheld = contentLength !== undefined;
  // Served without it only when it is not blank.
  const hasContent = withheld || message.content.trim() !== '';
  const getPlainText = useCallback((): string | Promise<string> => {
    if (!hasContent) return message.summary;
    if (!withheld) return contentToPlainText(message.content, message.contentType);
    return store.fullContent().then((content) => contentToPlainText(content, message.contentType));
  }, [message.content, message.contentType, message.summary, hasContent, withheld, store]);
  const detailUrl = safeLinkHref(message.url);
  const blockImages = store.blockImages.value;

  return (
    <>
      <MessageHeader
        message={message}
        getPlainText={getPlainText}
        copyText={store.copyText}
        onSetRead={(read) => void store.setRead(read)}
        onDelete={() => void store.remove()}
      />
      <main class="message-body">
        {hasContent ? (
          blockImages !== null && (
            <MessageContent
              content={message.content}
              contentType={message.contentType}
              rendered={message.rendered}
              contentLength={contentLength}
              blockImages={blockImages}
              copyText={store.copyText}
            />
          )
        ) : (
          <div class="summary-only" data-testid="summary-only">
            <p>{message.summary || t('messageNoText')}</p>
            {detailUrl && (
              <a
                class="button primary"
                href={detailUrl}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="open-full"
              >
                {t('actionOpenFull')}
              </a>
            )}
          </div>
        )}
      </main>
    </>
  );
}
