import type { Channel, ConversationStatus, Priority } from '#shared/domain/conversation.ts';
import { InboxSort, type AssigneeFilter, type SavedView } from '#shared/domain/view.ts';
import { SLA_STATES } from '#shared/logic/sla.ts';
import { useEffect, useRef, useState } from 'react';
import { activeFilterCount, NO_FILTERS, type InboxFilters } from '#shared/logic/inbox-view.ts';
import { useTranslation } from '../../i18n/index.ts';

const CHANNELS: Channel[] = ['chat', 'email', 'sms', 'whatsapp', 'phone', 'api'];
const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];
const ACTIVE_STATUSES: ConversationStatus[] = ['open', 'pending'];
const ALL_STATUSES: ConversationStatus[] = [...ACTIVE_STATUSES, 'snoozed', 'resolved'];
const ASSIGNEES = ['me', 'unassigned'] as const satisfies readonly AssigneeFilter[];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WAITING = [15 * MINUTE, HOUR, 4 * HOUR, DAY];

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
  const { t } = useTranslation(['inbox', 'common']);
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
    options: readonly T[],
    label: (v: T) => string,
    isOn: (v: T) => boolean,
    flip: (v: T) => void,
  ) => (
    <fieldset className="filter-group">
      <legend>{title}</legend>
      {options.map((value) => (
        <label key={String(value)} className="chip-toggle">
          <input type="checkbox" checked={isOn(value)} onChange={() => flip(value)} />
          <span>{label(value)}</span>
        </label>
      ))}
    </fieldset>
  );
  const waitingLabel = (ms: number) =>
    ms % DAY === 0
      ? t('filter.days', { count: ms / DAY })
      : ms % HOUR === 0
        ? t('filter.hours', { count: ms / HOUR })
        : t('filter.minutes', { count: ms / MINUTE });

  return (
    <div className="filter-bar" ref={panel}>
      <button
        type="button"
        className="btn btn-quiet"
        aria-expanded={open}
        aria-controls="inbox-filters"
        onClick={() => setOpen((o) => !o)}
      >
        {count > 0 ? t('filter.buttonCount', { count }) : t('filter.button')}
      </button>
      {count > 0 && (
        <button type="button" className="btn btn-quiet" onClick={() => onFilters(NO_FILTERS)}>
          {t('common:clear')}
        </button>
      )}
      <label className="sort-select">
        <span className="sr-only">{t('filter.sort')}</span>
        <select value={sort} onChange={(e) => onSort(e.target.value as InboxSort)}>
          {InboxSort.options.map((s) => (
            <option key={s} value={s}>
              {t(`sort.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {open && (
        <div
          id="inbox-filters"
          className="filter-panel"
          role="group"
          aria-label={t('filter.label')}
        >
          {group(
            t('filter.group.channel'),
            CHANNELS,
            (v) => t(`filter.channel.${v}`),
            (v) => filters.channels.includes(v),
            (v) => onFilters({ ...filters, channels: toggle(filters.channels, v) }),
          )}
          {group(
            t('filter.group.status'),
            saved ? ALL_STATUSES : ACTIVE_STATUSES,
            (v) => t(`common:status.${v}`),
            (v) => filters.statuses.includes(v),
            (v) => onFilters({ ...filters, statuses: toggle(filters.statuses, v) }),
          )}
          {group(
            t('filter.group.assignee'),
            ASSIGNEES,
            (v) => t(`filter.assignee.${v}`),
            (v) => filters.assignee === v,
            (v) => onFilters({ ...filters, assignee: filters.assignee === v ? 'any' : v }),
          )}
          {group(
            t('filter.group.priority'),
            PRIORITIES,
            (v) => t(`common:priority.${v}`),
            (v) => filters.priorities.includes(v),
            (v) => onFilters({ ...filters, priorities: toggle(filters.priorities, v) }),
          )}
          {group(
            t('filter.group.sla'),
            SLA_STATES,
            (v) => t(`filter.sla.${v}`),
            (v) => filters.slaStates.includes(v),
            (v) => onFilters({ ...filters, slaStates: toggle(filters.slaStates, v) }),
          )}
          {group(
            t('filter.group.waiting'),
            WAITING,
            waitingLabel,
            (v) => filters.waitingMoreThanMs === v,
            (v) =>
              onFilters({
                ...filters,
                waitingMoreThanMs: filters.waitingMoreThanMs === v ? null : v,
              }),
          )}
          {tags.length > 0 &&
            group(
              t('filter.group.tag'),
              tags,
              (tag) => tag,
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
              aria-label={t('filter.newViewName')}
              placeholder={t('filter.saveAsPlaceholder')}
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="btn" disabled={!name.trim()}>
              {t('filter.saveView')}
            </button>
          </form>
          {saved && (
            <div className="view-save">
              <button type="button" className="btn" onClick={() => onUpdate(saved)}>
                {t('filter.updateView', { name: saved.name })}
              </button>
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => {
                  onDelete(saved);
                  setOpen(false);
                }}
              >
                {t('filter.deleteView')}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
