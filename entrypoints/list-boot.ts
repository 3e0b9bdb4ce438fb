import { paintSnapshot } from '../lib/ui/list-snapshot';

/**
 * A classic script the popup and the side panel load right after their `#app` element: it
 * paints the list as it last looked (lib/ui/list-snapshot.ts) while the module graph is still
 * loading. Kept apart from the modules, and free of the extension API wrapper and Preact, so
 * it costs a millisecond or two.
 */
export default defineUnlistedScript(() => {
  const app = document.getElementById('app');
  // The same language lib/i18n.ts reads strings in (its uiLanguage), without its imports.
  const i18n = (globalThis as unknown as { chrome?: typeof chrome }).chrome?.i18n;
  if (!app || !i18n) return;
  const locale =
    i18n.getMessage('catalogueLocale') ||
    i18n.getMessage('@@ui_locale').replace('_', '-') ||
    i18n.getUILanguage();
  // popup.html?tab=1 fills a tab: the layout the app would give it (App.tsx).
  if (new URLSearchParams(location.search).has('tab')) {
    document.documentElement.classList.add('in-tab');
  }
  try {
    paintSnapshot(localStorage, app, locale);
  } catch {
    // No storage (a profile that forbids it): the app paints as soon as it starts.
  }
});
