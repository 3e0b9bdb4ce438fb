import type { ConnectionView, UpdateNotice, WorkerStatus } from '../lib/protocol';
import { safeLinkHref } from '../lib/render/url-policy';
import { t } from '../lib/i18n';
import { secondsLeft } from '../lib/ui/time-format';

interface Props {
  connection: ConnectionView;
  lastError: string | null;
  notificationPermission: WorkerStatus['notificationPermission'];
  /** The server's client-upgrade notice (204 frame), if any. */
  update?: UpdateNotice | null;
  now: number;
  onReconnect: () => void;
}

function describe(connection: ConnectionView, now: number): string {
  switch (connection.kind) {
    case 'connected':
      return t('connConnected');
    case 'connecting':
      return t('connConnecting');
    case 'retrying':
      return t('connRetrying', secondsLeft(connection.retryAt, now));
    default:
      return t('connOffline');
  }
}

/**
 * The connection in one line (connected / connecting / retrying in N s / the server's error),
 * and a warning with the fix when the browser's notifications are off.
 */
export function ConnectionBar({
  connection,
  lastError,
  notificationPermission,
  update,
  now,
  onReconnect,
}: Props) {
  const updateUrl = update ? safeLinkHref(update.url) : null;
  const error = connection.kind === 'retrying' ? (connection.error ?? lastError) : lastError;
  const healthy = connection.kind === 'connected';
  return (
    <div class="connection" data-testid="connection-bar">
      <div class={`connection-line state-${connection.kind}`} role="status">
        <span class="connection-dot" aria-hidden="true" />
        <span data-testid="connection-state">{describe(connection, now)}</span>
        {!healthy && connection.kind !== 'connecting' && (
          <button type="button" class="link-button" onClick={onReconnect}>
            {t('connReconnectNow')}
          </button>
        )}
      </div>
      {error && !healthy && (
        <p class="connection-error" data-testid="connection-error">
          {error}
        </p>
      )}
      {update && (
        <p class="note warning" data-testid="update-notice">
          {t('updateAvailable', update.version)}{' '}
          {updateUrl && (
            <a href={updateUrl} target="_blank" rel="noopener noreferrer">
              {update.title || t('updateDetails')}
            </a>
          )}
        </p>
      )}
      {notificationPermission === 'denied' && (
        <p class="note warning" role="alert" data-testid="notifications-denied">
          <strong>{t('notifDeniedTitle')}</strong> {t('notifDeniedFix')}
        </p>
      )}
    </div>
  );
}
