import type { Ref } from 'preact';
import { t } from '../lib/i18n';

interface Props {
  query: string;
  app: string;
  apps: string[];
  inputRef?: Ref<HTMLInputElement>;
  onQuery: (value: string) => void;
  onApp: (value: string) => void;
}

/** Search as you type over title, summary, content and app name, plus an app filter. */
export function SearchBar({ query, app, apps, inputRef, onQuery, onApp }: Props) {
  return (
    <div class="search-bar" role="search">
      <input
        ref={inputRef}
        type="search"
        class="search-input"
        value={query}
        placeholder={t('searchPlaceholder')}
        aria-label={t('searchLabel')}
        aria-keyshortcuts="/"
        autocomplete="off"
        spellcheck={false}
        onInput={(e) => onQuery(e.currentTarget.value)}
        data-testid="search"
      />
      <select
        class="app-filter"
        value={app}
        aria-label={t('filterAppLabel')}
        onChange={(e) => onApp(e.currentTarget.value)}
        data-testid="app-filter"
      >
        <option value="">{t('filterAllApps')}</option>
        {apps.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
