import type { BindingState } from '../lib/push/binding';
import { t } from '../lib/i18n';
import { problemText } from '../lib/ui/problem-text';
import { formatCountdown, secondsLeft } from '../lib/ui/time-format';

interface Props {
  binding: Exclude<BindingState, { kind: 'bound' }>;
  now: number;
  /** Where the confirm page of a self-hosted server lives; null for the real service. */
  confirmBaseUrl: string | null;
  requesting: boolean;
  onRefresh: () => void;
}

/**
 * Not bound: the server's login QR (docs/protocol.md §2), what to scan it with, a countdown to its
 * expiry and a refresh button. A self-hosted server has no WeChat: its QR encodes a confirm
 * page, offered here as a link too.
 */
export function QrLogin({ binding, now, confirmBaseUrl, requesting, onRefresh }: Props) {
  const waiting = binding.kind === 'waiting' ? binding : null;
  const left = waiting ? secondsLeft(waiting.expiresAt, now) : 0;
  const expired = waiting !== null && left === 0;
  const error = binding.error;

  return (
    <section class="qr-login" aria-labelledby="qr-title" data-testid="qr-login">
      <h2 id="qr-title" class="qr-title">
        {t('loginTitle')}
      </h2>
      {binding.kind === 'unbound' && binding.reason === 'expired' && (
        <p class="note warning">{t('loginExpiredBinding')}</p>
      )}
      {waiting ? (
        <>
          <div class={`qr-frame${expired ? ' is-expired' : ''}`}>
            <img
              src={waiting.qrUrl}
              width={200}
              height={200}
              alt={t('loginQrAlt')}
              data-testid="qr-image"
            />
            {expired && <span class="qr-expired-label">{t('loginCodeExpired')}</span>}
          </div>
          <p class="qr-help">{t('loginScanWith')}</p>
          <p class="qr-code">
            {t('loginCode')} <code data-testid="login-code">{waiting.code}</code>
          </p>
          {confirmBaseUrl && (
            <p class="qr-confirm">
              <a
                href={`${confirmBaseUrl}/scan/${encodeURIComponent(waiting.code)}`}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="confirm-link"
              >
                {t('loginOpenConfirm')}
              </a>
            </p>
          )}
          <p class="qr-countdown" aria-live="off" data-testid="qr-countdown">
            {expired ? t('loginCodeExpired') : t('loginExpiresIn', formatCountdown(left))}
          </p>
        </>
      ) : (
        !error && <p class="muted">{t('loginRequesting')}</p>
      )}
      {error && (
        <p class="note error" role="alert" data-testid="login-error">
          {problemText(error)}
        </p>
      )}
      <button
        type="button"
        class={expired || !waiting ? 'button primary' : 'button'}
        onClick={onRefresh}
        disabled={requesting}
        data-testid="qr-refresh"
      >
        {t('loginRefresh')}
      </button>
    </section>
  );
}
