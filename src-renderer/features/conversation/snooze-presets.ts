/** Snooze choices in the agent's own clock: later today, tomorrow morning, next week. */
export const SNOOZE_PRESETS: ReadonlyArray<{
  key: string;
  label: string;
  until: (now: number) => number;
}> = [
  { key: '1h', label: 'In 1 hour', until: (now) => now + 3_600_000 },
  { key: '4h', label: 'In 4 hours', until: (now) => now + 4 * 3_600_000 },
  { key: 'tomorrow', label: 'Tomorrow, 9:00', until: (now) => localAt(now, 1, 9) },
  {
    key: 'monday',
    label: 'Monday, 9:00',
    until: (now) => localAt(now, (8 - new Date(now).getDay()) % 7 || 7, 9),
  },
];

/** `days` from now at `hour`:00 local time (setDate handles month ends and DST). */
function localAt(now: number, days: number, hour: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}
