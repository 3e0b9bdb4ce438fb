import { t } from '../lib/i18n';

interface Props {
  unreadCount: number;
  total: number;
  onMarkAllRead: () => void;
  onClearAll: () => void;
  onSendTest: () => void;
}

/** Actions on the whole list, under the connection bar. */
export function ListToolbar(props: Props) {
  return (
    <div class="toolbar" role="toolbar" aria-label={t('toolbarLabel')}>
      <span class="toolbar-count" data-testid="unread-count">
        {t('unreadCount', props.unreadCount)}
      </span>
      <button
        type="button"
        class="button small"
        onClick={props.onMarkAllRead}
        disabled={props.unreadCount === 0}
        data-testid="mark-all-read"
      >
        {t('actionMarkAllRead')}
      </button>
      <button
        type="button"
        class="button small"
        onClick={props.onClearAll}
        disabled={props.total === 0}
        data-testid="clear-all"
      >
        {t('actionClearAll')}
      </button>
      <button type="button" class="button small" onClick={props.onSendTest} data-testid="send-test">
        {t('actionSendTest')}
      </button>
    </div>
  );
}
