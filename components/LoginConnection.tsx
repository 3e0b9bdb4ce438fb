import type { Problem } from '../lib/problem';
import type { ConnectionView } from '../lib/protocol';
import { t } from '../lib/i18n';
import { describeConnection } from '../lib/ui/connection-text';
import { problemText } from '../lib/ui/problem-text';

interface Props {
  connection: ConnectionView;
  lastError: Problem | null;
  serverUrl: string;
  now: number;
  onReconnect: () => void;
}

/**
 * The login screen's connection, from the first moment: a login code needs the server
 * (docs/protocol.md §2), so while it cannot be reached the user sees why (connecting,
 * retrying in N s with the reason), which server it is, and the way to the options to change
 * it, instead of a waiting message alone.
 */
export function LoginConnection({ connection, lastError, serverUrl, now, onReconnect }: Props) {
  const connected = connection.kind === 'connected';
  const error = connection.kind === 'retrying' ? (connection.error ?? lastError) : null;
  return (
    <section
      class="login-connection"
      aria-label={t('loginConnectionLabel')}
      data-testid="login-connection"
    >
      <div class={`connection-line state-${connection.kind}`} role="status">
        <span class="connection-dot" aria-hidden="true" />
        <span data-testid="login-connection-state">{describeConnection(connection, now)}</span>
        {!connected && connection.kind !== 'connecting' && (
          <button type="button" class="link-button" onClick={onReconnect}>
            {t('connReconnectNow')}
          </button>
        )}
      </div>
      {error && (
        <p class="connection-error" data-testid="login-connection-error">
          {problemText(error)}
        </p>
      )}
      <p class="login-server">
        <span data-testid="login-server">{t('loginServer', serverUrl)}</span>{' '}
        {/* A plain link: the options page needs no extension API to open. */}
        <a href="/options.html" target="_blank" rel="noopener" data-testid="login-options">
          {t('loginChangeServer')}
        </a>
      </p>
    </section>
  );
}
