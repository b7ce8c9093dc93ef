/**
 * Wall-clock time in a named IANA zone, with the runtime's Intl data as the only source of truth
 * (no bundled tz database). Promises are made "at 3 pm their time", so converting a wall time in
 * the customer's zone to an instant, and back, has to be right across daylight-saving changes.
 */

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the zone; anything else would throw in every formatter. */
export function isTimeZone(timeZone: string): boolean {
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at instant `at` (seconds dropped). */
export function wallTimeAt(at: number, timeZone: string): WallTime {
  const out: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const p of partsFormatter(timeZone).formatToParts(new Date(at))) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'minute')
      out[p.type] = Number(p.value);
    else if (p.type === 'hour') out.hour = Number(p.value) % 24;
  }
  return out;
}

const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);

/** Minutes the zone is ahead of UTC at instant `at` (Lisbon in summer: 60; New York: -240). */
export function offsetMinutes(at: number, timeZone: string): number {
  const floored = Math.floor(at / MINUTE) * MINUTE;
  return Math.round((wallAsUtc(wallTimeAt(floored, timeZone)) - floored) / MINUTE);
}

const sameWall = (a: WallTime, b: WallTime) =>
  a.year === b.year &&
  a.month === b.month &&
  a.day === b.day &&
  a.hour === b.hour &&
  a.minute === b.minute;

export interface ZonedInstant {
  at: number;
  /**
   * `skipped`: the wall time does not exist (clocks jumped forward over it); `at` is the same
   * distance past the jump, as a person would read "2:30" on a day that skips 2–3 am.
   * `ambiguous`: it happens twice (clocks fell back); `at` is the first of the two.
   */
  note: 'exact' | 'skipped' | 'ambiguous';
}

/**
 * The instant at which the clock in `timeZone` reads `wall`. Looks at the offsets a day either
 * side, which covers every real zone (no zone changes its offset twice within two days).
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): ZonedInstant {
  const asUtc = wallAsUtc(wall);
  const before = offsetMinutes(asUtc - DAY, timeZone);
  const after = offsetMinutes(asUtc + DAY, timeZone);
  const candidates = [...new Set([before, after])]
    .map((o) => asUtc - o * MINUTE)
    .filter((t) => sameWall(wallTimeAt(t, timeZone), wall))
    .sort((a, b) => a - b);
  if (candidates.length === 1) return { at: candidates[0]!, note: 'exact' };
  if (candidates.length > 1) return { at: candidates[0]!, note: 'ambiguous' };
  // In the gap: read the wall time with the offset in force before the jump, which lands after it.
  return { at: asUtc - before * MINUTE, note: 'skipped' };
}

/** "2025-03-30" and "02:30" from date and time inputs, or null when either is malformed. */
export function parseWallTime(date: string, time: string): WallTime | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = {
    year: Number(d[1]),
    month: Number(d[2]),
    day: Number(d[3]),
    hour: Number(t[1]),
    minute: Number(t[2]),
  };
  if (wall.month < 1 || wall.month > 12 || wall.hour > 23 || wall.minute > 59) return null;
  // Rejects 31 April and friends: the UTC calendar rolls them over to the next month.
  const check = new Date(wallAsUtc(wall));
  if (check.getUTCDate() !== wall.day || check.getUTCMonth() !== wall.month - 1) return null;
  return wall;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The values a date and a time input show for instant `at` in `timeZone`. */
export function inputValuesAt(at: number, timeZone: string): { date: string; time: string } {
  const w = wallTimeAt(at, timeZone);
  return {
    date: `${w.year}-${pad(w.month)}-${pad(w.day)}`,
    time: `${pad(w.hour)}:${pad(w.minute)}`,
  };
}

/** "14:05": 24-hour clock time in the zone, unambiguous in every locale. */
export function clockTime(at: number, timeZone: string): string {
  const w = wallTimeAt(at, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** A day's identity in a zone ("2025-03-30"), for grouping a timeline by the reader's days. */
export function dayKey(at: number, timeZone: string): string {
  return inputValuesAt(at, timeZone).date;
}

/** "3 h ahead of you", "5 h 30 min behind you", "same time as you". */
export function relativeOffsetLabel(at: number, theirZone: string, myZone: string): string {
  const diff = offsetMinutes(at, theirZone) - offsetMinutes(at, myZone);
  if (diff === 0) return 'same time as you';
  const abs = Math.abs(diff);
  const h = Math.floor(abs / 60);
  const m = abs % 60;
  const amount = [h ? `${h} h` : '', m ? `${m} min` : ''].filter(Boolean).join(' ');
  return `${amount} ${diff > 0 ? 'ahead of' : 'behind'} you`;
}
