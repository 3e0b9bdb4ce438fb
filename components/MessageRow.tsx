import type { ListRow } from '../lib/ui/list-row';
import { t, uiLanguage } from '../lib/i18n';
import { formatDateTime, formatRelative } from '../lib/ui/time-format';

interface Props {
  row: ListRow;
  index: number;
  total: number;
  top: number;
  height: number;
  selected: boolean;
  /** The one row reachable by Tab (roving tabindex). */
  tabbable: boolean;
  now: number;
  onOpen: (mid: number) => void;
  onSelect: (mid: number) => void;
  onToggleRead: (mid: number, read: boolean) => void;
  onDelete: (mid: number) => void;
}

/**
 * One message in the list: unread mark, app, relative time (the full date on hover), the title
 * line and up to two lines of preview, all plain text.
 */
export function MessageRow(props: Props) {
  const { row, selected, tabbable, now } = props;
  const locale = uiLanguage();
  const tab = tabbable ? 0 : -1;
  return (
    <li
      class={`row${row.unread ? ' is-unread' : ''}${selected ? ' is-selected' : ''}`}
      style={{ top: `${props.top}px`, height: `${props.height}px` }}
      aria-setsize={props.total}
      aria-posinset={props.index + 1}
      data-testid="message-row"
      data-mid={row.mid}
      data-unread={row.unread ? '1' : '0'}
    >
      <button
        type="button"
        class="row-main"
        tabIndex={tab}
        aria-current={selected ? 'true' : undefined}
        onClick={() => props.onOpen(row.mid)}
        onFocus={() => props.onSelect(row.mid)}
      >
        <span class="row-head">
          <span class="unread-dot" aria-hidden="true" />
          <span class="row-app">{row.name || t('appUnknown')}</span>
          <time
            class="row-time"
            dateTime={new Date(row.createTime).toISOString()}
            title={formatDateTime(row.createTime, locale)}
          >
            {formatRelative(row.createTime, now, locale, t('timeJustNow'))}
          </time>
        </span>
        <span class="row-line" data-testid="row-line">
          {row.line || t('messageNoText')}
        </span>
        {row.preview && (
          <span class="row-preview" data-testid="row-preview">
            {row.preview}
          </span>
        )}
        {row.unread && <span class="visually-hidden">{t('unreadMarker')}</span>}
      </button>
      <span class="row-actions">
        <button
          type="button"
          class="icon-button"
          tabIndex={tab}
          aria-label={row.unread ? t('actionMarkRead') : t('actionMarkUnread')}
          title={row.unread ? t('actionMarkRead') : t('actionMarkUnread')}
          onClick={() => props.onToggleRead(row.mid, row.unread)}
          data-testid="row-toggle-read"
        >
          <span aria-hidden="true">{row.unread ? '✓' : '●'}</span>
        </button>
        <button
          type="button"
          class="icon-button"
          tabIndex={tab}
          aria-label={t('actionDelete')}
          title={t('actionDelete')}
          onClick={() => props.onDelete(row.mid)}
          data-testid="row-delete"
        >
          <span aria-hidden="true">✕</span>
        </button>
      </span>
    </li>
  );
}
