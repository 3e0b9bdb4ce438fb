import type { ComponentChildren } from 'preact';
import { t } from '../lib/i18n';

interface Props {
  kind?: 'info' | 'error';
  children: ComponentChildren;
  /** A button label and action, e.g. "Undo". */
  action?: { label: string; onClick: () => void; testId?: string };
  onDismiss: () => void;
}

/** A short-lived message at the bottom of the page, announced to screen readers. */
export function Toast({ kind = 'info', children, action, onDismiss }: Props) {
  return (
    <div
      class={`toast toast-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid={`toast-${kind}`}
    >
      <span class="toast-text">{children}</span>
      {action && (
        <button
          type="button"
          class="button small primary"
          onClick={action.onClick}
          data-testid={action.testId}
        >
          {action.label}
        </button>
      )}
      <button
        type="button"
        class="icon-button"
        aria-label={t('actionDismiss')}
        title={t('actionDismiss')}
        onClick={onDismiss}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  );
}
