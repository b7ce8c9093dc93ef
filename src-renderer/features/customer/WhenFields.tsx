import { useId } from 'react';
import type { CallbackTimeInput, ResolvedCallbackTime } from '#shared/logic/callback-time.ts';
import { clockTime, inputValuesAt, wallTimeAt } from '#shared/logic/zoned-time.ts';
import { whenLabel, zoneCity } from './zones.ts';
import { useTranslation } from '../../i18n/index.ts';

const QUARTER = 15 * 60_000;
/** The "tomorrow morning" quick pick, as the time input reads it (24-hour, every locale). */
const TOMORROW_AT = '10:00';

/** Before 8 am or from 9 pm on their clock: worth a second thought before promising. */
const outsideWakingHours = (at: number, zone: string) => {
  const { hour } = wallTimeAt(at, zone);
  return hour < 8 || hour >= 21;
};

/** Starting values: the next quarter hour at least an hour from now, on the zone's clock. */
export function defaultWhen(now: number, zone: string): CallbackTimeInput {
  const at = Math.ceil((now + 3_600_000) / QUARTER) * QUARTER;
  const { date, time } = inputValuesAt(at, zone);
  const end = inputValuesAt(at + 2 * 3_600_000, zone);
  return { mode: 'time', date, time, endTime: end.date === date ? end.time : '23:45' };
}

/**
 * A day and a time (or a window) typed on the customer's clock, with both clocks shown back so
 * nobody promises 3 pm meaning their own 3 pm.
 */
export function WhenFields({
  value,
  onChange,
  zone,
  customerZoneKnown,
  agentZone,
  resolved,
  now,
}: {
  value: CallbackTimeInput;
  onChange: (next: CallbackTimeInput) => void;
  /** The zone the inputs are read in. */
  zone: string;
  customerZoneKnown: boolean;
  agentZone: string;
  resolved: ResolvedCallbackTime;
  now: number;
}) {
  const { t } = useTranslation('customer');
  const id = useId();
  const set = (patch: Partial<CallbackTimeInput>) => onChange({ ...value, ...patch });
  const quick = (label: string, at: number) => {
    const v = inputValuesAt(at, zone);
    return (
      <button
        type="button"
        className="cp-chip-btn"
        onClick={() => set({ mode: 'time', date: v.date, time: v.time })}
      >
        {label}
      </button>
    );
  };
  const tomorrow = inputValuesAt(now + 86_400_000, zone).date;
  return (
    <div className="when">
      <div className="when-modes" role="radiogroup" aria-label={t('when.mode')}>
        {(['time', 'window'] as const).map((m) => (
          <label key={m} className="when-mode">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={value.mode === m}
              onChange={() => set({ mode: m })}
            />
            {m === 'time' ? t('when.atTime') : t('when.inWindow')}
          </label>
        ))}
      </div>
      <div className="when-fields">
        <label className="when-field">
          <span>{t('when.day')}</span>
          <input
            type="date"
            className="input input-small"
            value={value.date}
            onChange={(e) => set({ date: e.target.value })}
          />
        </label>
        <label className="when-field">
          <span>{value.mode === 'window' ? t('when.from') : t('when.time')}</span>
          <input
            type="time"
            className="input input-small"
            value={value.time}
            onChange={(e) => set({ time: e.target.value })}
          />
        </label>
        {value.mode === 'window' && (
          <label className="when-field">
            <span>{t('when.until')}</span>
            <input
              type="time"
              className="input input-small"
              value={value.endTime}
              onChange={(e) => set({ endTime: e.target.value })}
            />
          </label>
        )}
      </div>
      <div className="when-quick" aria-label={t('when.quick')}>
        {quick(t('when.inHours', { count: 1 }), Math.ceil((now + 3_600_000) / QUARTER) * QUARTER)}
        {quick(
          t('when.inHours', { count: 2 }),
          Math.ceil((now + 2 * 3_600_000) / QUARTER) * QUARTER,
        )}
        <button
          type="button"
          className="cp-chip-btn"
          onClick={() => set({ mode: 'time', date: tomorrow, time: TOMORROW_AT })}
        >
          {t('when.tomorrowAt', { time: TOMORROW_AT })}
        </button>
      </div>
      <p className="when-zone">
        {customerZoneKnown ? t('when.customerClock', { zone }) : t('when.agentClock', { zone })}
      </p>
      {resolved.ok ? (
        <div className="when-clocks" aria-live="polite">
          {customerZoneKnown && zone !== agentZone && (
            <div>
              <span className="when-who">{t('when.them')}</span>
              {whenLabel(resolved.dueAt, resolved.windowEndAt, zone)}{' '}
              <span className="when-city">{zoneCity(zone)}</span>
            </div>
          )}
          <div>
            <span className="when-who">{t('when.you')}</span>
            {whenLabel(resolved.dueAt, resolved.windowEndAt, agentZone)}{' '}
            <span className="when-city">{zoneCity(agentZone)}</span>
          </div>
          {customerZoneKnown && outsideWakingHours(resolved.dueAt, zone) && (
            <div className="when-warning">
              {t('when.lateForThem', { time: clockTime(resolved.dueAt, zone) })}
            </div>
          )}
          {resolved.warnings.map((w) => (
            <div key={w} className="when-warning">
              {w}
            </div>
          ))}
        </div>
      ) : (
        <p className="cp-error">{resolved.problem}</p>
      )}
    </div>
  );
}
