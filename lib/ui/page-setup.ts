import { t, uiLanguage } from '../i18n';
import type { MessageKey } from '../i18n';

/**
 * Sets `<html lang>` (screen readers pick the voice from it) and the tab title in the
 * browser's language. Every page calls it: the browser localises the manifest and CSS but not
 * an HTML page's `<title>` (a `__MSG_…__` there shows as written), so index.html carries a
 * neutral placeholder only.
 */
export function applyDocumentLanguage(titleKey: MessageKey): void {
  document.documentElement.lang = uiLanguage();
  document.title = t(titleKey);
}
