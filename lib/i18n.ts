import { browser } from 'wxt/browser';
import type en from '../public/_locales/en/messages.json';

/** Every key of the English catalogue, the default locale: a typo is a type error. */
export type MessageKey = keyof typeof en;

type GetMessage = (key: string, substitutions?: string[]) => string;

let getMessage: GetMessage = (key, substitutions) =>
  (browser.i18n.getMessage as GetMessage)(key, substitutions);
// The locale of the catalogue the strings are actually read from, so dates match the strings
// around them: each catalogue names its own language (`catalogueLocale`). Chromium's
// `@@ui_locale` and `getUILanguage()` can both say "en_US" while the zh_CN catalogue is served
// (seen with --lang=zh-CN and LANGUAGE=zh_CN), so neither is trusted first.
let getLanguage = (): string =>
  (browser.i18n.getMessage as GetMessage)('catalogueLocale') ||
  (browser.i18n.getMessage as GetMessage)('@@ui_locale').replace('_', '-') ||
  browser.i18n.getUILanguage();

/**
 * Replaces where strings come from. Unit tests have no `browser.i18n` (WXT's fake browser does
 * not implement it), so they hand in a catalogue read from `_locales` instead.
 */
export function setMessageSource(source: { getMessage: GetMessage; language: string }): void {
  getMessage = source.getMessage;
  getLanguage = () => source.language;
}

/**
 * The visible string for `key` in the browser's language; no visible text is hard-coded.
 * Numbers are substituted as `$1`, `$2`… through the catalogue's placeholders. A missing
 * key shows the key itself, so it is noticed rather than rendered blank.
 */
export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  return getMessage(key, substitutions.length ? substitutions.map(String) : undefined) || key;
}

/** The browser's UI language (e.g. "en-US", "zh-CN"), for Intl formatting. */
export function uiLanguage(): string {
  return getLanguage() || 'en';
}
