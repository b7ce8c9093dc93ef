import type { Channel, Priority } from '#shared/domain/conversation.ts';
import { SLA_STATES, type SlaState } from '#shared/logic/sla.ts';
import { useEffect, useRef, useState } from 'react';
import {
  activeFilterCount,
  NO_FILTERS,
  SORTS,
  type InboxFilters,
  type InboxSort,
} from '#shared/logic/inbox-view.ts';

const CHANNELS: Array<[Channel, string]> = [
  ['chat', 'Chat'],
  ['email', 'Email'],
  ['sms', 'SMS'],
  ['whatsapp', 'WhatsApp'],
  ['phone', 'Phone'],
  ['api', 'API'],
];
const PRIORITIES: Array<[Priority, string]> = [
  ['urgent', 'Urgent'],
  ['high', 'High'],
  ['normal', 'Normal'],
  ['low', 'Low'],
];
const STATUSES: Array<['open' | 'pending', string]> = [
  ['open', 'Open'],
  ['pending', 'Pending'],
];
const SLA_LABELS: Record<SlaState, string> = {
  ok: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
};
const WAITING: Array<[number, string]> = [
  [15 * 60_000, '15 min'],
  [60 * 60_000, '1 hour'],
  [4 * 60 * 60_000, '4 hours'],
  [24 * 60 * 60_000, '1 day'],
];
export const SORT_LABELS: Record<InboxSort, string> = {
  longest_waiting: 'Longest waiting',
  newest: 'Newest',
  sla_due: 'SLA due',
};

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

interface FilterBarProps {
  filters: InboxFilters;
  sort: InboxSort;
  /** Tags seen in the current view, most used first, offered as filters. */
  tags: string[];
  onFilters: (f: InboxFilters) => void;
  onSort: (s: InboxSort) => void;
}

export function FilterBar({ filters, sort, tags, onFilters, onSort }: FilterBarProps) {
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const count = activeFilterCount(filters);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (
        e instanceof KeyboardEvent ? e.key === 'Escape' : !panel.current?.contains(e.target as Node)
      )
        setOpen(false);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);

  const group = <T extends string | number>(
    title: string,
    options: Array<[T, string]>,
    isOn: (v: T) => boolean,
    flip: (v: T) => void,
  ) => (
    <fieldset className="filter-group">
      <legend>{title}</legend>
      {options.map(([value, label]) => (
        <label key={String(value)} className="chip-toggle">
          <input type="checkbox" checked={isOn(value)} onChange={() => flip(value)} />
          <span>{label}</span>
        </label>
      ))}
    </fieldset>
  );

  return (
    <div className="filter-bar" ref={panel}>
      <button
        type="button"
        className="btn btn-quiet"
        aria-expanded={open}
        aria-controls="inbox-filters"
        onClick={() => setOpen((o) => !o)}
      >
        Filter{count > 0 ? ` · ${count}` : ''}
      </button>
      {count > 0 && (
        <button type="button" className="btn btn-quiet" onClick={() => onFilters(NO_FILTERS)}>
          Clear
        </button>
      )}
      <label className="sort-select">
        <span className="sr-only">Sort</span>
        <select value={sort} onChange={(e) => onSort(e.target.value as InboxSort)}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {open && (
        <div id="inbox-filters" className="filter-panel" role="group" aria-label="Filters">
          {group(
            'Channel',
            CHANNELS,
            (v) => filters.channels.includes(v),
            (v) => onFilters({ ...filters, channels: toggle(filters.channels, v) }),
          )}
          {group(
            'Status',
            STATUSES,
            (v) => filters.statuses.includes(v),
            (v) => onFilters({ ...filters, statuses: toggle(filters.statuses, v) }),
          )}
          {group(
            'Priority',
            PRIORITIES,
            (v) => filters.priorities.includes(v),
            (v) => onFilters({ ...filters, priorities: toggle(filters.priorities, v) }),
          )}
          {group(
            'SLA',
            SLA_STATES.map((s) => [s, SLA_LABELS[s]] as [SlaState, string]),
            (v) => filters.slaStates.includes(v),
            (v) => onFilters({ ...filters, slaStates: toggle(filters.slaStates, v) }),
          )}
          {group(
            'Waiting more than',
            WAITING,
            (v) => filters.waitingMoreThanMs === v,
            (v) =>
              onFilters({
                ...filters,
                waitingMoreThanMs: filters.waitingMoreThanMs === v ? null : v,
              }),
          )}
          {tags.length > 0 &&
            group(
              'Tag',
              tags.map((t) => [t, t] as [string, string]),
              (v) => filters.tags.includes(v),
              (v) => onFilters({ ...filters, tags: toggle(filters.tags, v) }),
            )}
        </div>
      )}
    </div>
  );
}
