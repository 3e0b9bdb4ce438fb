import { useEffect, useState } from 'preact/hooks';
import type { FieldError } from '../lib/ui/options-store';
import { t } from '../lib/i18n';
import { FieldMessage } from './FieldMessage';

interface Props {
  /** The saved address; '' means the built-in default. */
  value: string;
  defaultServer: string;
  error?: FieldError;
  saved: boolean;
  onSave: (input: string) => void;
}

/** The server address: empty follows the default; saving a different one re-binds. */
export function ServerField({ value, defaultServer, error, saved, onSave }: Props) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const changed = draft.trim() !== value;

  return (
    <form
      class="field server-field"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
      noValidate
    >
      <label for="server-url">{t('optServerLabel')}</label>
      <p id="server-url-desc" class="field-desc">
        {t('optServerHelp', defaultServer)}
      </p>
      <div class="inline">
        <input
          id="server-url"
          type="url"
          inputMode="url"
          value={draft}
          placeholder={defaultServer}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={error ? 'true' : undefined}
          aria-describedby="server-url-desc server-msg"
          onInput={(e) => setDraft(e.currentTarget.value)}
          data-testid="server-url"
        />
        <button type="submit" class="button primary" disabled={!changed} data-testid="server-save">
          {t('optSave')}
        </button>
      </div>
      <FieldMessage id="server-msg" error={error} saved={saved} />
    </form>
  );
}
