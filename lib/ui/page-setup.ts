import { t, uiLanguage } from '../i18n';
import type { MessageKey } from '../i18n';

/**
 * Sets `<html lang>` (screen readers pick the voice from it) and, optionally, the tab title in
 * the browser's language; index.html carries English placeholders only.
 */
export function applyDocumentLanguage(titleKey?: MessageKey): void {
  document.documentElement.lang = uiLanguage();
  if (titleKey) document.title = t(titleKey);
}
