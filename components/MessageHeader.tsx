import type { StoredMessage } from '../lib/message';
import { safeLinkHref } from '../lib/render/url-policy';
import { t, uiLanguage } from '../lib/i18n';
import { formatDateTime } from '../lib/ui/time-format';
import { CopyTextButton } from './CopyTextButton';

interface Props {
  message: StoredMessage;
  /** The message as plain text, for "copy text" (asked for on click; read then if need be). */
  getPlainText: () => string | Promise<string>;
  copyText: (text: string) => Promise<void>;
  onSetRead: (read: boolean) => void;
  onDelete: () => void;
}

/** Title, app, time and the actions on one message. */
export function MessageHeader({ message, getPlainText, copyText, onSetRead, onDelete }: Props) {
  const title = message.title.trim() || message.summary.trim() || t('messageNoTitle');
  // Sender-controlled: only http(s)/mailto/tel links, never `javascript:`
  // (docs/architecture.md §8).
  const original = safeLinkHref(message.sourceUrl) ?? safeLinkHref(message.url);
  const unread = message.unread === 1;
  return (
    <header class="message-header">
      <h1 class="message-title" data-testid="message-title">
        {title}
      </h1>
      <p class="message-meta">
        <span class="message-app" data-testid="message-app">
          {message.name || t('appUnknown')}
        </span>
        <span aria-hidden="true"> · </span>
        <time dateTime={new Date(message.createTime).toISOString()}>
          {formatDateTime(message.createTime, uiLanguage())}
        </time>
        {unread && <span class="badge">{t('unreadMarker')}</span>}
      </p>
      <div class="message-actions" role="toolbar" aria-label={t('messageActionsLabel')}>
        <button
          type="button"
          class="button"
          onClick={() => onSetRead(unread)}
          data-testid="toggle-read"
        >
          {unread ? t('actionMarkRead') : t('actionMarkUnread')}
        </button>
        <button type="button" class="button danger" onClick={onDelete} data-testid="delete">
          {t('actionDelete')}
        </button>
        {original && (
          <a
            class="button"
            href={original}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="open-original"
          >
            {t('actionOpenOriginal')}
          </a>
        )}
        <CopyTextButton getText={getPlainText} copyText={copyText} />
      </div>
    </header>
  );
}
