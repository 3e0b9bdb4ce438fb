import type { Ref } from 'preact';
import { t } from '../lib/i18n';

interface Props {
  query: string;
  app: string;
  apps: string[];
  unreadOnly: boolean;
  inputRef?: Ref<HTMLInputElement>;
  onQuery: (value: string) => void;
  onApp: (value: string) => void;
  onUnreadOnly: (value: boolean) => void;
}

/**
 * Search as you type over title, summary, content and app name, an app filter and an
 * unread-only toggle.
 */
export function SearchBar(props: Props) {
  const { query, app, apps, unreadOnly, inputRef, onQuery, onApp } = props;
  return (
    <div class="search-bar" role="search">
      <input
        ref={inputRef}
        type="search"
        class="search-input"
        value={query}
        // The placeholder stays short enough for the side panel's width; the key is in the title.
        placeholder={t('searchPlaceholder')}
        title={t('searchTitle')}
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
      <button
        type="button"
        class="button small toggle"
        aria-pressed={unreadOnly ? 'true' : 'false'}
        onClick={() => props.onUnreadOnly(!unreadOnly)}
        data-testid="unread-only"
      >
        {t('filterUnreadOnly')}
      </button>
    </div>
  );
}
