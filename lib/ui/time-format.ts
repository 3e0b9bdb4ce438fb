/**
 * Time as people read it, in the browser's language (Intl does the translating). Pure: the
 * caller passes the current time and locale.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now" is the caller's string; everything else comes from Intl.RelativeTimeFormat. */
export function formatRelative(then: number, now: number, locale: string, justNow: string): string {
  const diff = now - then;
  if (Math.abs(diff) < 45_000) return justNow;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const ago = (n: number, unit: Intl.RelativeTimeFormatUnit) => rtf.format(-Math.round(n), unit);
  if (diff < 0) return formatDateTime(then, locale);
  if (diff < HOUR) return ago(Math.max(1, diff / MINUTE), 'minute');
  if (diff < DAY) return ago(diff / HOUR, 'hour');
  if (diff < 7 * DAY) return ago(diff / DAY, 'day');
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(then);
}

/** A full date and time, for titles and the message view's header. */
export function formatDateTime(time: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

/** Whole seconds left until `until` (never negative): for countdowns. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** "m:ss" for a countdown. */
export function formatCountdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}
