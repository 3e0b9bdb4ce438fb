import { useEffect, useState } from 'preact/hooks';
import type { FieldError } from '../lib/ui/options-store';
import { t } from '../lib/i18n';
import { RETENTION_MAX, RETENTION_MIN, validateRetention } from '../lib/ui/settings-form';
import { FieldMessage } from './FieldMessage';

interface Props {
  days: number;
  error?: FieldError;
  saved: boolean;
  onSave: (days: number) => void;
  onInvalid: () => void;
}

/** How many days of history to keep (1–30); saved when the field is left or Enter is pressed. */
export function RetentionField({ days, error, saved, onSave, onInvalid }: Props) {
  const [draft, setDraft] = useState(String(days));
  useEffect(() => setDraft(String(days)), [days]);
  const commit = () => {
    const checked = validateRetention(draft);
    if (!checked.ok) return onInvalid();
    if (checked.days !== days) onSave(checked.days);
  };
  return (
    <div class="field">
      <label for="retention">{t('optRetentionLabel')}</label>
      <p id="retention-desc" class="field-desc">
        {t('optRetentionHelp', RETENTION_MIN, RETENTION_MAX)}
      </p>
      <div class="inline">
        <input
          id="retention"
          type="number"
          min={RETENTION_MIN}
          max={RETENTION_MAX}
          step={1}
          value={draft}
          class="narrow"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby="retention-desc retention-msg"
          onInput={(e) => setDraft(e.currentTarget.value)}
          onChange={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
          data-testid="retention"
        />
        <span>{t('optRetentionUnit')}</span>
      </div>
      <FieldMessage id="retention-msg" error={error} saved={saved} />
    </div>
  );
}
