import type { Channel, ConversationStatus, Priority } from '#shared/domain/conversation.ts';
import { InboxSort, type AssigneeFilter, type SavedView } from '#shared/domain/view.ts';
import { SLA_STATES, type SlaState } from '#shared/logic/sla.ts';
import { useEffect, useRef, useState } from 'react';
import { activeFilterCount, NO_FILTERS, type InboxFilters } from '#shared/logic/inbox-view.ts';

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
const ACTIVE_STATUSES: Array<[ConversationStatus, string]> = [
  ['open', 'Open'],
  ['pending', 'Pending'],
];
const ALL_STATUSES: Array<[ConversationStatus, string]> = [
  ...ACTIVE_STATUSES,
  ['snoozed', 'Snoozed'],
  ['resolved', 'Resolved'],
];
const ASSIGNEES: Array<[AssigneeFilter, string]> = [
  ['me', 'Me'],
  ['unassigned', 'Nobody'],
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
  /** Tags seen in the current view, most used first, offered as filters. */
  tags: string[];
  /** The saved view on screen, if one is. */
  saved: SavedView | undefined;
  onFilters: (f: InboxFilters) => void;
  onSort: (s: InboxSort) => void;
  onSaveAs: (name: string) => void;
  onUpdate: (view: SavedView) => void;
  onDelete: (view: SavedView) => void;
}

export function FilterBar({
  filters,
  tags,
  saved,
  onFilters,
  onSort,
  onSaveAs,
  onUpdate,
  onDelete,
}: FilterBarProps) {
  const sort = filters.sort;
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
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
          {InboxSort.options.map((s) => (
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
            saved ? ALL_STATUSES : ACTIVE_STATUSES,
            (v) => filters.statuses.includes(v),
            (v) => onFilters({ ...filters, statuses: toggle(filters.statuses, v) }),
          )}
          {group(
            'Assigned to',
            ASSIGNEES,
            (v) => filters.assignee === v,
            (v) => onFilters({ ...filters, assignee: filters.assignee === v ? 'any' : v }),
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
          <form
            className="view-save"
            onSubmit={(e) => {
              e.preventDefault();
              if (!name.trim()) return;
              onSaveAs(name.trim());
              setName('');
              setOpen(false);
            }}
          >
            <input
              className="input"
              aria-label="New view name"
              placeholder="Save as a view…"
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="btn" disabled={!name.trim()}>
              Save view
            </button>
          </form>
          {saved && (
            <div className="view-save">
              <button type="button" className="btn" onClick={() => onUpdate(saved)}>
                Update “{saved.name}”
              </button>
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => {
                  onDelete(saved);
                  setOpen(false);
                }}
              >
                Delete view
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
