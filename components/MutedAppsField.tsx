import { useState } from 'preact/hooks';
import type { FieldError } from '../lib/ui/options-store';
import { t } from '../lib/i18n';
import { addMutedApp } from '../lib/ui/settings-form';
import { FieldMessage } from './FieldMessage';

interface Props {
  value: string[];
  /** App names seen in the history, suggested while typing. */
  knownApps: string[];
  error?: FieldError;
  saved: boolean;
  onSave: (apps: string[]) => void;
  onInvalid: () => void;
}

/** Apps whose messages are kept but never notified. */
export function MutedAppsField({ value, knownApps, error, saved, onSave, onInvalid }: Props) {
  const [draft, setDraft] = useState('');
  const handleAdd = (e: Event) => {
    e.preventDefault();
    const next = addMutedApp(value, draft);
    if (!next) return onInvalid();
    onSave(next);
    setDraft('');
  };
  return (
    <div class="field muted-apps">
      <form onSubmit={handleAdd} noValidate>
        <label for="mute-app">{t('optMutedLabel')}</label>
        <p id="mute-app-desc" class="field-desc">
          {t('optMutedHelp')}
        </p>
        <div class="inline">
          <input
            id="mute-app"
            type="text"
            list="known-apps"
            value={draft}
            autocomplete="off"
            aria-describedby="mute-app-desc muted-msg"
            aria-invalid={error ? 'true' : undefined}
            onInput={(e) => setDraft(e.currentTarget.value)}
            data-testid="mute-app-input"
          />
          <datalist id="known-apps">
            {knownApps
              .filter((name) => !value.includes(name))
              .map((name) => (
                <option key={name} value={name} />
              ))}
          </datalist>
          <button type="submit" class="button" data-testid="mute-app-add">
            {t('optMutedAdd')}
          </button>
        </div>
      </form>
      {value.length > 0 ? (
        <ul class="chips" aria-label={t('optMutedListLabel')} data-testid="muted-apps">
          {value.map((name) => (
            <li key={name} class="chip">
              <span>{name}</span>
              <button
                type="button"
                class="icon-button"
                aria-label={t('optMutedRemove', name)}
                title={t('optMutedRemove', name)}
                onClick={() => onSave(value.filter((n) => n !== name))}
              >
                <span aria-hidden="true">✕</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('optMutedNone')}</p>
      )}
      <FieldMessage id="muted-msg" error={error} saved={saved} />
    </div>
  );
}
