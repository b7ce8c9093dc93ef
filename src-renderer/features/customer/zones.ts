import { clockTime, dayKey, isTimeZone, offsetMinutes } from '#shared/logic/zoned-time.ts';
import { dateFormat } from '../../i18n/format.ts';
import { i18n } from '../../i18n/index.ts';

/** The agent's own zone, as the operating system reports it. */
export function myZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The customer's zone when it is one the runtime knows; cached data is not trusted blindly. */
export function knownZone(tz: string | null | undefined): string | null {
  return tz && isTimeZone(tz) ? tz : null;
}

/** "Tue 14 Jan, 15:00" in `timeZone`: the day matters as much as the time for a promise. */
export function dayAndTime(at: number, timeZone: string): string {
  return dateFormat({
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

/** "3 h ahead of you", "5 h 30 min behind you", "same time as you". */
export function relativeOffset(at: number, theirZone: string, myZone: string): string {
  const diff = offsetMinutes(at, theirZone) - offsetMinutes(at, myZone);
  if (diff === 0) return i18n.t('customer:offset.same');
  const hours = Math.floor(Math.abs(diff) / 60);
  const minutes = Math.abs(diff) % 60;
  const amount =
    hours && minutes
      ? i18n.t('customer:offset.hoursMinutes', { hours, minutes })
      : hours
        ? i18n.t('customer:offset.hours', { hours })
        : i18n.t('customer:offset.minutes', { minutes });
  return diff > 0
    ? i18n.t('customer:offset.ahead', { amount })
    : i18n.t('customer:offset.behind', { amount });
}

/** The city part of an IANA name, for tight spots: "America/New_York" → "New York". */
export function zoneCity(tz: string): string {
  return (tz.split('/').pop() ?? tz).replace(/_/g, ' ');
}

/** "Tue 14 Jan, 15:00", or a window "Tue 14 Jan, 15:00–17:00" (a full date when it ends another day). */
export function whenLabel(
  dueAt: number,
  windowEndAt: number | null | undefined,
  timeZone: string,
): string {
  if (windowEndAt === null || windowEndAt === undefined) return dayAndTime(dueAt, timeZone);
  const end =
    dayKey(dueAt, timeZone) === dayKey(windowEndAt, timeZone)
      ? clockTime(windowEndAt, timeZone)
      : ` ${dayAndTime(windowEndAt, timeZone)}`;
  return `${dayAndTime(dueAt, timeZone)}–${end}`;
}
