import { t } from '../lib/i18n';
import type { AccountSummary } from '../lib/ui/message-reader';

interface Props {
  /** Accounts with history, the current one first. */
  accounts: AccountSummary[];
  /** The account shown. */
  shown: number | null;
  /** The account bound now. */
  current: number | null;
  onPick: (id: number) => void;
}

/** "example.com:7700" from a base URL: what tells servers apart at a glance. */
const hostOf = (server: string) => {
  try {
    return new URL(server).host || server;
  } catch {
    return server;
  }
};

/**
 * Which history the list shows: the bound server's, or one kept from a server (or user) this
 * browser was bound to before (docs/architecture.md §4). Shown only when there is such history.
 */
export function HistoryPicker(props: Props) {
  const earlier = props.accounts.filter((a) => a.id !== props.current);
  if (earlier.length === 0) return null;
  const shownEarlier = earlier.find((a) => a.id === props.shown);
  const current = props.accounts.find((a) => a.id === props.current);
  const label = (a: AccountSummary) => {
    const who = a.name ? `${hostOf(a.server)}, ${a.name}` : hostOf(a.server);
    return t('historyEarlier', who, a.count);
  };
  return (
    <div class="history-picker">
      <label class="history-picker-field">
        <span>{t('historyLabel')}</span>
        <select
          data-testid="history-account"
          value={String(props.shown ?? props.current ?? '')}
          onChange={(e) => props.onPick(Number((e.target as HTMLSelectElement).value))}
        >
          {props.current !== null && (
            <option value={String(props.current)}>
              {t('historyCurrent', current?.count ?? 0)}
            </option>
          )}
          {earlier.map((a) => (
            <option key={a.id} value={String(a.id)}>
              {label(a)}
            </option>
          ))}
        </select>
      </label>
      {shownEarlier && (
        <p class="note muted" role="status" data-testid="history-earlier-note">
          {t('historyEarlierNote', shownEarlier.server)}
        </p>
      )}
    </div>
  );
}
