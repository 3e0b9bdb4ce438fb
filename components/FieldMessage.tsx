import type { FieldError } from '../lib/ui/options-store';
import { t } from '../lib/i18n';

interface Props {
  id: string;
  error?: FieldError;
  saved?: boolean;
}

/** The inline line under an option: its error, or a short "Saved". */
export function FieldMessage({ id, error, saved }: Props) {
  if (error) {
    return (
      <p id={id} class="field-error" role="alert" data-testid={`${id}`}>
        {'key' in error ? t(error.key) : error.text}
      </p>
    );
  }
  return (
    <p id={id} class="field-saved" aria-live="polite">
      {saved ? t('optSaved') : ''}
    </p>
  );
}
