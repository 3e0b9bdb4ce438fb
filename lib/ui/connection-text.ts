import { t } from '../i18n';
import type { ConnectionView } from '../protocol';
import { secondsLeft } from './time-format';

/** The connection in a few words: connected, connecting, retrying in N s, offline. */
export function describeConnection(connection: ConnectionView, now: number): string {
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
