import type { Problem } from '../lib/problem';
import type { ConnectionView, UpdateNotice, WorkerStatus } from '../lib/protocol';
import { safeLinkHref } from '../lib/render/url-policy';
import { t } from '../lib/i18n';
import { problemText } from '../lib/ui/problem-text';
import { describeConnection } from '../lib/ui/connection-text';

interface Props {
  connection: ConnectionView;
  lastError: Problem | null;
  notificationPermission: WorkerStatus['notificationPermission'];
  /** The server's client-upgrade notice (204 frame), if any. */
  update?: UpdateNotice | null;
  now: number;
  onReconnect: () => void;
}

/**
 * The connection in one line (connected / connecting / retrying in N s) with the reason it
 * is down (a server's own words labelled as such), the server's upgrade notice, and a warning
 * with the fix when the browser's notifications are off.
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
        <span data-testid="connection-state">{describeConnection(connection, now)}</span>
        {!healthy && connection.kind !== 'connecting' && (
          <button type="button" class="link-button" onClick={onReconnect}>
            {t('connReconnectNow')}
          </button>
        )}
      </div>
      {error && !healthy && (
        <p class="connection-error" data-testid="connection-error">
          {problemText(error)}
        </p>
      )}
      {update && (
        <div class="note warning" role="status" data-testid="update-notice">
          <p>
            {t(update.must ? 'updateRequired' : 'updateAvailable', update.version)}{' '}
            {updateUrl && (
              <a href={updateUrl} target="_blank" rel="noopener noreferrer">
                {update.title || t('updateDetails')}
              </a>
            )}
          </p>
          {/* The server's own words about the upgrade: text only, as it sent them. */}
          {update.content.trim() && (
            <p class="update-content" data-testid="update-content">
              {update.content}
            </p>
          )}
        </div>
      )}
      {notificationPermission === 'denied' && (
        <p class="note warning" role="alert" data-testid="notifications-denied">
          <strong>{t('notifDeniedTitle')}</strong> {t('notifDeniedFix')}
        </p>
      )}
    </div>
  );
}
