import { clockTime, dayKey, isTimeZone } from '#shared/logic/zoned-time.ts';

/** The agent's own zone, as the operating system reports it. */
export function myZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The customer's zone when it is one the runtime knows; cached data is not trusted blindly. */
export function knownZone(tz: string | null | undefined): string | null {
  return tz && isTimeZone(tz) ? tz : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Tue 14 Jan, 15:00" in `timeZone`: the day matters as much as the time for a promise. */
export function dayAndTime(at: number, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(at));
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
