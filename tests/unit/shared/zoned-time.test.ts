import { describe, expect, it } from 'vitest';
import {
  clockTime,
  dayKey,
  inputValuesAt,
  instantOfWallTime,
  isTimeZone,
  offsetMinutes,
  parseWallTime,
  relativeOffsetLabel,
  wallTimeAt,
} from '#shared/logic/zoned-time.ts';
import { resolveCallbackTime } from '#shared/logic/callback-time.ts';

const utc = (iso: string) => Date.parse(iso);

describe('wall time in a zone', () => {
  it('reads the clock in a zone, and its offset from UTC', () => {
    const at = utc('2025-07-01T13:05:00Z');
    expect(wallTimeAt(at, 'Europe/Lisbon')).toEqual({
      year: 2025,
      month: 7,
      day: 1,
      hour: 14,
      minute: 5,
    });
    expect(clockTime(at, 'Asia/Kolkata')).toBe('18:35');
    expect(offsetMinutes(at, 'Europe/Lisbon')).toBe(60);
    expect(offsetMinutes(at, 'America/New_York')).toBe(-240);
    expect(offsetMinutes(utc('2025-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(offsetMinutes(at, 'Asia/Kathmandu')).toBe(345);
  });

  it('shows midnight as 00, never 24', () => {
    expect(clockTime(utc('2025-07-01T23:00:00Z'), 'Europe/Lisbon')).toBe('00:00');
    expect(dayKey(utc('2025-07-01T23:00:00Z'), 'Europe/Lisbon')).toBe('2025-07-02');
    expect(dayKey(utc('2025-07-01T23:00:00Z'), 'UTC')).toBe('2025-07-01');
  });

  it('knows real zones from made-up ones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('the instant of a wall time', () => {
  it('is exact on an ordinary day', () => {
    const wall = { year: 2025, month: 6, day: 10, hour: 15, minute: 0 };
    expect(instantOfWallTime(wall, 'Europe/Berlin')).toEqual({
      at: utc('2025-06-10T13:00:00Z'),
      note: 'exact',
    });
    expect(instantOfWallTime(wall, 'Australia/Sydney').at).toBe(utc('2025-06-10T05:00:00Z'));
  });

  it('moves a time the spring-forward skips past the jump', () => {
    // Berlin skips 02:00–03:00 on 30 March 2025: "02:30" reads as 03:30 CEST.
    const r = instantOfWallTime(
      { year: 2025, month: 3, day: 30, hour: 2, minute: 30 },
      'Europe/Berlin',
    );
    expect(r.note).toBe('skipped');
    expect(r.at).toBe(utc('2025-03-30T01:30:00Z'));
    expect(clockTime(r.at, 'Europe/Berlin')).toBe('03:30');
    // New York skips 02:00–03:00 on 9 March 2025.
    const ny = instantOfWallTime(
      { year: 2025, month: 3, day: 9, hour: 2, minute: 15 },
      'America/New_York',
    );
    expect(ny.note).toBe('skipped');
    expect(clockTime(ny.at, 'America/New_York')).toBe('03:15');
  });

  it('takes the first of the two when the clocks fall back', () => {
    // Berlin reads 02:30 twice on 26 October 2025: first in CEST (00:30 UTC), then CET.
    const r = instantOfWallTime(
      { year: 2025, month: 10, day: 26, hour: 2, minute: 30 },
      'Europe/Berlin',
    );
    expect(r).toEqual({ at: utc('2025-10-26T00:30:00Z'), note: 'ambiguous' });
  });

  it('is exact right next to a change', () => {
    const before = instantOfWallTime(
      { year: 2025, month: 3, day: 30, hour: 1, minute: 59 },
      'Europe/Berlin',
    );
    const after = instantOfWallTime(
      { year: 2025, month: 3, day: 30, hour: 3, minute: 0 },
      'Europe/Berlin',
    );
    expect(before).toEqual({ at: utc('2025-03-30T00:59:00Z'), note: 'exact' });
    expect(after).toEqual({ at: utc('2025-03-30T01:00:00Z'), note: 'exact' });
  });

  it('handles a southern-hemisphere change and a half-hour zone', () => {
    // Sydney springs forward on 5 October 2025 at 02:00 (to 03:00).
    const r = instantOfWallTime(
      { year: 2025, month: 10, day: 5, hour: 2, minute: 30 },
      'Australia/Sydney',
    );
    expect(r.note).toBe('skipped');
    expect(clockTime(r.at, 'Australia/Sydney')).toBe('03:30');
    const lord = instantOfWallTime(
      { year: 2025, month: 1, day: 1, hour: 9, minute: 0 },
      'Asia/Kolkata',
    );
    expect(lord).toEqual({ at: utc('2025-01-01T03:30:00Z'), note: 'exact' });
  });

  it('round-trips through the input values', () => {
    for (const tz of ['Europe/Lisbon', 'America/Los_Angeles', 'Asia/Tokyo', 'Pacific/Chatham']) {
      const at = utc('2025-11-12T09:45:00Z');
      const { date, time } = inputValuesAt(at, tz);
      const wall = parseWallTime(date, time);
      expect(wall).not.toBeNull();
      expect(instantOfWallTime(wall!, tz).at).toBe(at);
    }
  });

  it('cannot round-trip the second pass of a repeated hour, and says so', () => {
    // 09:45 UTC on 2 November 2025 is 01:45 PST in Los Angeles, the second time 01:45 happened.
    const second = utc('2025-11-02T09:45:00Z');
    const wall = parseWallTime(inputValuesAt(second, 'America/Los_Angeles').date, '01:45')!;
    expect(instantOfWallTime(wall, 'America/Los_Angeles')).toEqual({
      at: second - 3_600_000,
      note: 'ambiguous',
    });
  });
});

describe('parsing the form', () => {
  it('accepts real dates and refuses impossible ones', () => {
    expect(parseWallTime('2025-04-30', '09:05')).toEqual({
      year: 2025,
      month: 4,
      day: 30,
      hour: 9,
      minute: 5,
    });
    expect(parseWallTime('2025-04-31', '09:05')).toBeNull();
    expect(parseWallTime('2025-02-29', '09:05')).toBeNull();
    expect(parseWallTime('2024-02-29', '09:05')).not.toBeNull();
    expect(parseWallTime('2025-13-01', '09:05')).toBeNull();
    expect(parseWallTime('2025-01-01', '24:00')).toBeNull();
    expect(parseWallTime('2025-01-01', '9:05')).toBeNull();
    expect(parseWallTime('', '')).toBeNull();
  });
});

describe('how far ahead they are', () => {
  it('says it in hours and minutes, in both directions', () => {
    const at = utc('2025-07-01T12:00:00Z');
    expect(relativeOffsetLabel(at, 'Europe/Lisbon', 'America/New_York')).toBe('5 h ahead of you');
    expect(relativeOffsetLabel(at, 'America/New_York', 'Europe/Lisbon')).toBe('5 h behind you');
    expect(relativeOffsetLabel(at, 'Asia/Kolkata', 'Europe/London')).toBe(
      '4 h 30 min ahead of you',
    );
    expect(relativeOffsetLabel(at, 'Europe/Paris', 'Europe/Berlin')).toBe('same time as you');
  });

  it('follows the daylight-saving calendars of both sides', () => {
    // Between the US change (9 March) and the EU one (30 March) London is 4 h ahead of New York.
    expect(
      relativeOffsetLabel(utc('2025-03-20T12:00:00Z'), 'Europe/London', 'America/New_York'),
    ).toBe('4 h ahead of you');
    expect(
      relativeOffsetLabel(utc('2025-04-20T12:00:00Z'), 'Europe/London', 'America/New_York'),
    ).toBe('5 h ahead of you');
  });
});

describe('reading the promise form in the customer’s zone', () => {
  it('turns a time on their clock into the instant they were told', () => {
    const r = resolveCallbackTime(
      { mode: 'time', date: '2025-06-10', time: '15:00', endTime: '' },
      'Europe/Lisbon',
    );
    expect(r).toEqual({
      ok: true,
      dueAt: utc('2025-06-10T14:00:00Z'),
      windowEndAt: undefined,
      warnings: [],
    });
  });

  it('reads a window on the same day and refuses one that ends before it starts', () => {
    const r = resolveCallbackTime(
      { mode: 'window', date: '2025-06-10', time: '14:00', endTime: '16:00' },
      'America/New_York',
    );
    expect(r).toMatchObject({
      ok: true,
      dueAt: utc('2025-06-10T18:00:00Z'),
      windowEndAt: utc('2025-06-10T20:00:00Z'),
    });
    expect(
      resolveCallbackTime(
        { mode: 'window', date: '2025-06-10', time: '14:00', endTime: '13:00' },
        'UTC',
      ),
    ).toEqual({ ok: false, problem: 'The window must end after it starts.' });
    expect(
      resolveCallbackTime(
        { mode: 'window', date: '2025-06-10', time: '14:00', endTime: '' },
        'UTC',
      ),
    ).toEqual({
      ok: false,
      problem: 'Pick when the window ends.',
    });
    expect(
      resolveCallbackTime({ mode: 'time', date: '', time: '14:00', endTime: '' }, 'UTC'),
    ).toEqual({
      ok: false,
      problem: 'Pick a day and a time.',
    });
  });

  it('warns about a time the clocks skip or repeat', () => {
    const skipped = resolveCallbackTime(
      { mode: 'time', date: '2025-03-30', time: '02:30', endTime: '' },
      'Europe/Berlin',
    );
    expect(skipped.ok && skipped.warnings).toEqual([
      'The clocks go forward over 02:30 there, so it is read as the hour after.',
    ]);
    // A window across the fall-back hour: 01:30 to 02:30 in Berlin on 26 October 2025.
    const window = resolveCallbackTime(
      { mode: 'window', date: '2025-10-26', time: '01:30', endTime: '02:30' },
      'Europe/Berlin',
    );
    expect(window).toMatchObject({
      ok: true,
      dueAt: utc('2025-10-25T23:30:00Z'),
      windowEndAt: utc('2025-10-26T00:30:00Z'),
      warnings: ['02:30 happens twice there (the clocks go back); the first one is meant.'],
    });
  });
});
