import type { TFunction } from 'i18next';

/** Snooze choices in the agent's own clock: later today, tomorrow morning, next week. */
export const SNOOZE_PRESETS: ReadonlyArray<{
  key: string;
  label: (t: TFunction<'conversation'>) => string;
  until: (now: number) => number;
}> = [
  { key: '1h', label: (t) => t('snooze.hours', { count: 1 }), until: (now) => now + 3_600_000 },
  {
    key: '4h',
    label: (t) => t('snooze.hours', { count: 4 }),
    until: (now) => now + 4 * 3_600_000,
  },
  { key: 'tomorrow', label: (t) => t('snooze.tomorrow'), until: (now) => localAt(now, 1, 9) },
  {
    key: 'monday',
    label: (t) => t('snooze.monday'),
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
