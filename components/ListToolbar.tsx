import { t } from '../lib/i18n';

interface Props {
  unreadCount: number;
  /** How many messages the list shows now. */
  shown: number;
  /** A search or app filter is on: "clear" clears only what it shows, and says so. */
  filtered: boolean;
  onMarkAllRead: () => void;
  onClearShown: () => void;
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
        onClick={props.onClearShown}
        disabled={props.shown === 0}
        title={props.filtered ? t('actionClearShownHint') : t('actionClearAllHint')}
        data-testid="clear-all"
      >
        {props.filtered ? t('actionClearShown', props.shown) : t('actionClearAll')}
      </button>
      <button type="button" class="button small" onClick={props.onSendTest} data-testid="send-test">
        {t('actionSendTest')}
      </button>
    </div>
  );
}
