/**
 * Time as people read it, in the browser's language (Intl does the translating). Pure: the
 * caller passes the current time and locale.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Building an Intl formatter costs far more than using one (a popup row needs two per render),
 * so each kind is built once per locale.
 */
function cached<T>(make: (locale: string) => T): (locale: string) => T {
  const byLocale = new Map<string, T>();
  return (locale) => {
    let formatter = byLocale.get(locale);
    if (!formatter) byLocale.set(locale, (formatter = make(locale)));
    return formatter;
  };
}

const relativeFormat = cached(
  (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }),
);
const dayFormat = cached(
  (locale) => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }),
);
const dateTimeFormat = cached(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
);

/** "just now" is the caller's string; everything else comes from Intl.RelativeTimeFormat. */
export function formatRelative(then: number, now: number, locale: string, justNow: string): string {
  const diff = now - then;
  if (Math.abs(diff) < 45_000) return justNow;
  const ago = (n: number, unit: Intl.RelativeTimeFormatUnit) =>
    relativeFormat(locale).format(-Math.round(n), unit);
  if (diff < 0) return formatDateTime(then, locale);
  if (diff < HOUR) return ago(Math.max(1, diff / MINUTE), 'minute');
  if (diff < DAY) return ago(diff / HOUR, 'hour');
  // Days count calendar days, as the list's day headings do: a message of yesterday morning
  // read tonight is "yesterday" (37 h rounds to 2 days otherwise).
  if (diff < 7 * DAY) return ago(calendarDaysBetween(then, now), 'day');
  return dayFormat(locale).format(then);
}

/** Local midnights between two times (a DST day is 23 or 25 hours, hence the rounding). */
function calendarDaysBetween(then: number, now: number): number {
  const a = new Date(then).setHours(0, 0, 0, 0);
  const b = new Date(now).setHours(0, 0, 0, 0);
  return Math.max(1, Math.round((b - a) / DAY));
}

/** A full date and time, for titles and the message view's header. */
export function formatDateTime(time: number, locale: string): string {
  return dateTimeFormat(locale).format(time);
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

const weekdayFormat = cached(
  (locale) => new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'short', day: 'numeric' }),
);
const dateFormat = cached((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));

/**
 * A day heading for the list: the caller's "Today" / "Yesterday" words, else the date with its
 * weekday in this year, else the date with its year. Calendar days in local time.
 */
export function formatDay(
  time: number,
  now: number,
  locale: string,
  words: { today: string; yesterday: string },
): string {
  const day = new Date(time);
  const today = new Date(now);
  const sameDay = (a: Date, b: Date) =>
    a.getFullYear() === b.getFullYear() &&
    a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate();
  if (sameDay(day, today)) return words.today;
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (sameDay(day, yesterday)) return words.yesterday;
  if (day.getFullYear() === today.getFullYear()) return weekdayFormat(locale).format(time);
  return dateFormat(locale).format(time);
}
