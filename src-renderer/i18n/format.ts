import { i18n } from './index.ts';

/**
 * Dates, times, numbers and lists in the UI language (`i18n.language`, e.g. "en-GB"), never the
 * browser's default locale: a date reads the same way as the words around it.
 */
export function locale(): string {
  return i18n.language;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per language, zone and options: building them is the slow part. */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale()}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(locale(), options)));
  return f;
}

/** Compact "how long ago" for dense lists: 45s, 12m, 3h, 2d, then a short date. */
export function shortAgo(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return i18n.t('time.secondsAgo', { count: s });
  const m = Math.round(s / 60);
  if (m < 60) return i18n.t('time.minutesAgo', { count: m });
  const h = Math.round(m / 60);
  if (h < 24) return i18n.t('time.hoursAgo', { count: h });
  const d = Math.round(h / 24);
  if (d < 7) return i18n.t('time.daysAgo', { count: d });
  return dateFormat({ month: 'short', day: 'numeric' }).format(at);
}

/** "Tue, Jan 14, 03:05 PM": when exactly, for a message or a notification. */
export function fullTime(at: number): string {
  return dateFormat({
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** A calendar date on its own, e.g. for a survey answer: "1/14/2025". */
export function shortDate(at: number): string {
  return dateFormat({ year: 'numeric', month: 'numeric', day: 'numeric' }).format(at);
}

/** A call's length: "3m 05s", "42s". */
export function duration(sec: number): string {
  const minutes = Math.floor(sec / 60);
  const seconds = sec % 60;
  return minutes > 0
    ? i18n.t('time.minutesSeconds', { minutes, seconds: seconds.toString().padStart(2, '0') })
    : i18n.t('time.seconds', { seconds });
}

export function fileSize(bytes: number): string {
  const number = (n: number, digits: number) =>
    new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
  if (bytes < 1024) return i18n.t('size.bytes', { size: number(bytes, 0) });
  if (bytes < 1024 * 1024) return i18n.t('size.kilobytes', { size: number(bytes / 1024, 0) });
  return i18n.t('size.megabytes', {
    size: new Intl.NumberFormat(locale(), {
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    }).format(bytes / 1024 / 1024),
  });
}

/** "Ada, Lin and Sam": names joined the way the language joins them. */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(items);
}
