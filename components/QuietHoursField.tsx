import type { Settings } from '../lib/storage/settings';
import type { FieldError } from '../lib/ui/options-store';
import { t } from '../lib/i18n';
import { isValidTime } from '../lib/ui/settings-form';
import { CheckboxField } from './CheckboxField';
import { FieldMessage } from './FieldMessage';

type QuietHours = Settings['quietHours'];

interface Props {
  value: QuietHours;
  error?: FieldError;
  saved: boolean;
  onSave: (value: QuietHours) => void;
  onInvalid: () => void;
}

/** Quiet hours: messages are stored but not notified between start and end (may wrap midnight). */
export function QuietHoursField({ value, error, saved, onSave, onInvalid }: Props) {
  const handleTime = (key: 'start' | 'end', time: string) => {
    if (!isValidTime(time)) return onInvalid();
    onSave({ ...value, [key]: time });
  };
  return (
    <fieldset class="field quiet-hours">
      <legend class="visually-hidden">{t('optQuietLabel')}</legend>
      <CheckboxField
        id="quiet-enabled"
        label={t('optQuietLabel')}
        description={t('optQuietHelp')}
        checked={value.enabled}
        onChange={(enabled) => onSave({ ...value, enabled })}
      />
      <div class="inline time-range">
        <label for="quiet-start">{t('optQuietFrom')}</label>
        <input
          id="quiet-start"
          type="time"
          value={value.start}
          disabled={!value.enabled}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby="quiet-msg"
          onChange={(e) => handleTime('start', e.currentTarget.value)}
          data-testid="quiet-start"
        />
        <label for="quiet-end">{t('optQuietTo')}</label>
        <input
          id="quiet-end"
          type="time"
          value={value.end}
          disabled={!value.enabled}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby="quiet-msg"
          onChange={(e) => handleTime('end', e.currentTarget.value)}
          data-testid="quiet-end"
        />
      </div>
      <FieldMessage id="quiet-msg" error={error} saved={saved} />
    </fieldset>
  );
}
