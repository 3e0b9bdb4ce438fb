import { t, uiLanguage } from '../i18n';
import type { WorkerStatus } from '../protocol';
import { describeConnection } from './connection-text';
import { FALLBACK_VIEWPORT, itemRange, layoutList, OVERSCAN } from './list-layout';
import { appNames, unreadIn, type ListRow } from './list-row';
import type { PopupSnapshot } from './popup-cache';
import { problemText } from './problem-text';
import { formatDateTime, formatDay, formatRelative } from './time-format';

/**
 * The list page's first view as markup, written by the worker that serves the page with no
 * kept markup (lib/worker/served-pages.ts, docs/architecture.md §7): what the app renders first
 * from the status and rows the worker serves beside it (entrypoints/popup/App.tsx and the
 * components it uses), inert as kept markup is (list-snapshot.ts) until the app starts. So the
 * rows paint as the document is parsed, before any script has loaded, and the app, once
 * started, takes these nodes over unchanged. test/unit/ui/served-list-markup.test.tsx renders
 * both for every state written here and fails on any difference: a change to those
 * components is made here too.
 *
 * Only the unfiltered view (the page's unread-only choice is its own: public/list-boot.js drops
 * this markup under it). Null for what it does not write (the server's upgrade notice): the page
 * then renders as before, from the served rows.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** `value` as text or an attribute's value: no sender's text can become markup. */
const esc = (value: string | number) => String(value).replace(/[&<>"]/g, (c) => ENTITIES[c]!);

/** An element's attributes, in order; a value of null leaves the attribute out. */
const attrs = (list: Record<string, string | number | null>) =>
  Object.entries(list)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => (value === '' ? ` ${name}=""` : ` ${name}="${esc(value!)}"`))
    .join('');

const el = (tag: string, list: Record<string, string | number | null>, inner = '') =>
  `<${tag}${attrs(list)}>${inner}</${tag}>`;

/** components/ConnectionBar.tsx, without the upgrade notice. */
function connectionBar(status: WorkerStatus, now: number): string {
  const { connection, lastError } = status;
  const error = connection.kind === 'retrying' ? (connection.error ?? lastError) : lastError;
  const healthy = connection.kind === 'connected';
  const reconnect =
    !healthy && connection.kind !== 'connecting'
      ? el('button', { type: 'button', class: 'link-button' }, esc(t('connReconnectNow')))
      : '';
  const line = el(
    'div',
    { class: `connection-line state-${connection.kind}`, role: 'status' },
    el('span', { class: 'connection-dot', 'aria-hidden': 'true' }) +
      el('span', { 'data-testid': 'connection-state' }, esc(describeConnection(connection, now))) +
      reconnect,
  );
  const problem =
    error && !healthy
      ? el(
          'p',
          { class: 'connection-error', 'data-testid': 'connection-error' },
          esc(problemText(error)),
        )
      : '';
  const denied =
    status.notificationPermission === 'denied'
      ? el(
          'p',
          { class: 'note warning', role: 'alert', 'data-testid': 'notifications-denied' },
          `${el('strong', {}, esc(t('notifDeniedTitle')))} ${esc(t('notifDeniedFix'))}`,
        )
      : '';
  return el(
    'div',
    { class: 'connection', 'data-testid': 'connection-bar' },
    line + problem + denied,
  );
}

/** components/ListToolbar.tsx, unfiltered. */
function toolbar(unread: number, shown: number): string {
  const button = (testId: string, label: string, more: Record<string, string | null> = {}) =>
    el('button', { type: 'button', class: 'button small', ...more, 'data-testid': testId }, label);
  return el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': t('toolbarLabel') },
    el(
      'span',
      { class: 'toolbar-count', 'data-testid': 'unread-count' },
      esc(t('unreadCount', unread)),
    ) +
      button('mark-all-read', esc(t('actionMarkAllRead')), { disabled: unread === 0 ? '' : null }) +
      button('clear-all', esc(t('actionClearAll')), {
        disabled: shown === 0 ? '' : null,
        title: t('actionClearAllHint'),
      }) +
      button('send-test', esc(t('actionSendTest'))),
  );
}

/** components/SearchBar.tsx, with no query, every app, not unread-only. */
function searchBar(rows: readonly ListRow[]): string {
  const apps = appNames(rows);
  const input = `<input${attrs({
    type: 'search',
    class: 'search-input',
    placeholder: t('searchPlaceholder'),
    title: t('searchTitle'),
    'aria-label': t('searchLabel'),
    'aria-keyshortcuts': '/',
    autocomplete: 'off',
    spellcheck: 'false',
    'data-testid': 'search',
  })}>`;
  const select = el(
    'select',
    { class: 'app-filter', 'aria-label': t('filterAppLabel'), 'data-testid': 'app-filter' },
    el('option', { value: '' }, esc(t('filterAllApps'))) +
      apps.map((name) => el('option', {}, esc(name))).join(''),
  );
  const toggle = el(
    'button',
    {
      type: 'button',
      class: 'button small toggle',
      'aria-pressed': 'false',
      'data-testid': 'unread-only',
    },
    esc(t('filterUnreadOnly')),
  );
  return el('div', { class: 'search-bar', role: 'search' }, input + select + toggle);
}

/** components/MessageRow.tsx, not selected. */
function messageRow(
  row: ListRow,
  index: number,
  total: number,
  place: { top: number; height: number },
  tabbable: boolean,
  now: number,
): string {
  const locale = uiLanguage();
  const tab = tabbable ? 0 : -1;
  const toggle = row.unread ? t('actionMarkRead') : t('actionMarkUnread');
  const action = (testId: string, label: string, glyph: string) =>
    el(
      'button',
      {
        type: 'button',
        class: 'icon-button',
        tabindex: tab,
        'aria-label': label,
        title: label,
        'data-testid': testId,
      },
      el('span', { 'aria-hidden': 'true' }, glyph),
    );
  const head = el(
    'span',
    { class: 'row-head' },
    el('span', { class: 'unread-dot', 'aria-hidden': 'true' }) +
      el('span', { class: 'row-app' }, esc(row.name || t('appUnknown'))) +
      el(
        'time',
        {
          class: 'row-time',
          datetime: new Date(row.createTime).toISOString(),
          title: formatDateTime(row.createTime, locale),
        },
        esc(formatRelative(row.createTime, now, locale, t('timeJustNow'))),
      ),
  );
  const main = el(
    'button',
    { type: 'button', class: 'row-main', tabindex: tab },
    head +
      el(
        'span',
        { class: 'row-line', 'data-testid': 'row-line' },
        esc(row.line || t('messageNoText')),
      ) +
      (row.preview
        ? el('span', { class: 'row-preview', 'data-testid': 'row-preview' }, esc(row.preview))
        : '') +
      (row.unread ? el('span', { class: 'visually-hidden' }, esc(t('unreadMarker'))) : ''),
  );
  return el(
    'li',
    {
      class: row.unread ? 'row is-unread' : 'row',
      style: `top: ${place.top}px; height: ${place.height}px;`,
      'aria-setsize': total,
      'aria-posinset': index + 1,
      'data-testid': 'message-row',
      'data-mid': row.mid,
      'data-unread': row.unread ? '1' : '0',
    },
    main +
      el(
        'span',
        { class: 'row-actions' },
        action('row-toggle-read', toggle, row.unread ? '✓' : '●') +
          action('row-delete', t('actionDelete'), '✕'),
      ),
  );
}

/** components/MessageList.tsx at the top, nothing selected, still reading older rows. */
function messageList(rows: readonly ListRow[], now: number): string {
  if (rows.length === 0) return '';
  const layout = layoutList(rows);
  const { start, end } = itemRange(layout, 0, FALLBACK_VIEWPORT, OVERSCAN);
  const shown = layout.items.slice(start, end);
  const firstRow = shown.find((item) => item.kind === 'row');
  const tabbable = firstRow?.kind === 'row' ? firstRow.index : 0;
  const locale = uiLanguage();
  const words = { today: t('dayToday'), yesterday: t('dayYesterday') };
  const items = shown.map((item) => {
    if (item.kind === 'day') {
      return el(
        'li',
        {
          class: 'day-heading',
          style: `top: ${item.top}px; height: ${item.height}px;`,
          'data-testid': 'day-heading',
        },
        esc(formatDay(item.time, now, locale, words)),
      );
    }
    return messageRow(
      rows[item.index]!,
      item.index,
      rows.length,
      item,
      item.index === tabbable,
      now,
    );
  });
  return el(
    'div',
    {
      class: 'list-viewport',
      'data-testid': 'message-list',
      'data-total': rows.length,
      'aria-busy': 'true',
    },
    el(
      'ul',
      {
        class: 'list',
        'aria-label': t('listLabel', rows.length),
        style: `height: ${layout.height}px;`,
      },
      items.join(''),
    ),
  );
}

/**
 * The popup's bound view (entrypoints/popup/App.tsx) for `snapshot` at `now`, as the pages keep
 * it; null when it shows what this does not write.
 */
export function servedListMarkup(snapshot: PopupSnapshot, now: number): string | null {
  const { status, rows } = snapshot;
  if (status.binding.kind !== 'bound' || status.update) return null;
  const unread = unreadIn(rows);
  const header = el(
    'header',
    { class: 'popup-header' },
    el('h1', { class: 'popup-title' }, esc(t('extName'))) +
      el(
        'a',
        {
          class: 'button small',
          href: '/options.html',
          target: '_blank',
          rel: 'noopener',
          'data-testid': 'open-options',
        },
        esc(t('actionOptions')),
      ),
  );
  const main = el(
    'main',
    { class: 'popup-main', 'data-testid': 'bound-view', 'data-shown-query': '' },
    connectionBar(status, now) +
      toolbar(unread, rows.length) +
      searchBar(rows) +
      messageList(rows, now) +
      el('div', { class: 'toasts' }),
  );
  return el('div', { class: 'popup', inert: '' }, header + main);
}
