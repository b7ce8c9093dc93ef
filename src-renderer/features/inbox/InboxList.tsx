import type { Conversation } from '#shared/domain/conversation.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import type { SavedViewId } from '#shared/domain/view.ts';
import type { UserId } from '#shared/logic/ids.ts';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { newId } from '../../data/ids.ts';
import { useMinuteClock } from './clock.ts';
import { useAppStore } from '../../app/store.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { VirtualList } from '../../ui/VirtualList.tsx';
import { FilterBar } from './FilterBar.tsx';
import { InboxRow, ROW_HEIGHT } from './InboxRow.tsx';
import { isTypingTarget } from './keys.ts';
import {
  useBootstrapProgress,
  useRowDetails,
  useSavedViews,
  useViewConversations,
  viewKey,
} from './queries.ts';
import { useInboxData } from './inbox-data.tsx';
import { activeFilterCount } from '#shared/logic/inbox-view.ts';
import { useTranslation } from '../../i18n/index.ts';

/** Tags used in this list, most used first, for the filter panel. */
function topTags(rows: readonly Conversation[], max = 16): string[] {
  const counts = new Map<string, number>();
  for (const c of rows) for (const t of c.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([t]) => t);
}

const isControl = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  target.closest('button, a, summary, [role="menuitem"], [role="option"]') !== null &&
  !target.closest('.inbox .list');

/** Rows whose details (customer, assignee, read mark) load together while scrolling. */
const DETAIL_CHUNK = 64;
export function InboxList({ toolbar }: { toolbar: React.ReactNode }) {
  const { t } = useTranslation(['inbox', 'common']);
  const meId = useAppStore((s) => s.session?.user.id);
  const selection = useAppStore((s) => s.selection);
  const filters = useAppStore((s) => s.filters);
  const bulk = useAppStore((s) => s.bulk);
  const selectedId = useAppStore((s) => s.selectedConversationId);
  const select = useAppStore((s) => s.selectConversation);
  const setFilters = useAppStore((s) => s.setFilters);
  const setSort = useAppStore((s) => s.setSort);
  const toggleBulk = useAppStore((s) => s.toggleBulk);
  const setBulk = useAppStore((s) => s.setBulk);
  const mutate = useMutate();
  const now = useMinuteClock();
  const { me, active } = useInboxData();
  const current = useViewConversations(selection, filters, me, now, active);
  // While another view loads, keep showing the last one rather than flashing an empty list.
  const [shown, setShown] = useState(current);
  if (current && current !== shown) setShown(current);
  const rows = shown?.rows;
  const wanted = viewKey(selection, filters);
  const savedViews = useSavedViews();
  const saved =
    selection.kind === 'saved' ? savedViews?.find((v) => v.id === selection.id) : undefined;
  const openSavedView = useAppStore((s) => s.openSavedView);
  const setView = useAppStore((s) => s.setView);
  const arrived = useBootstrapProgress();
  const index = rows ? rows.findIndex((c) => c.id === selectedId) : -1;
  // Details load for a window rounded out to whole chunks, so scrolling re-queries once per chunk
  // of rows, and this list re-renders only then, not on every frame.
  const [[from, to], setWindow] = useState<readonly [number, number]>([0, 2 * DETAIL_CHUNK]);
  const setRange = useCallback(([first, last]: [number, number]) => {
    const next = [
      Math.floor(first / DETAIL_CHUNK) * DETAIL_CHUNK,
      Math.ceil(last / DETAIL_CHUNK) * DETAIL_CHUNK + DETAIL_CHUNK,
    ] as const;
    setWindow((prev) => (prev[0] === next[0] && prev[1] === next[1] ? prev : next));
  }, []);
  const visible = useMemo(() => (rows ?? []).slice(from, to), [rows, from, to]);
  const details = useRowDetails(visible);
  const tags = useMemo(() => topTags(rows ?? []), [rows]);

  const move = useCallback(
    (delta: number) => {
      if (!rows || rows.length === 0) return;
      const next = rows[Math.min(rows.length - 1, Math.max(0, index < 0 ? 0 : index + delta))];
      if (next) select(next.id);
    },
    [rows, index, select],
  );

  /** The rows an action applies to: the bulk selection, or else the open conversation. */
  const targets = useCallback((): ConversationId[] => {
    if (bulk.size > 0) return [...bulk];
    return selectedId ? [selectedId] : [];
  }, [bulk, selectedId]);

  const act = useCallback(
    async (kind: 'resolve' | 'assign-me') => {
      const ids = targets();
      if (ids.length === 0 || !meId) return;
      // Step to the next row first: the acted-on rows may leave this view.
      if (rows && bulk.size === 0) {
        const next = rows.slice(index + 1).find((c) => !ids.includes(c.id));
        if (next) select(next.id);
      }
      setBulk([]);
      for (const conversationId of ids) {
        if (kind === 'resolve')
          await mutate('conversation.set-status', { conversationId, status: 'resolved' });
        else await mutate('conversation.assign', { conversationId, assigneeId: meId });
      }
    },
    [targets, meId, rows, bulk, index, select, setBulk, mutate],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === 'j' || e.key === 'ArrowDown') move(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
      else if (e.key === 'x' && selectedId) toggleBulk(selectedId);
      else if (e.key === 'e') void act('resolve');
      else if (e.key === 'a') void act('assign-me');
      else if (e.key === 'Escape' && bulk.size > 0) setBulk([]);
      // Enter on a focused button or link is that control's own; only on the page or list is it ours.
      else if (e.key === 'Enter' && selectedId && !isControl(e.target))
        document.querySelector<HTMLElement>('.composer textarea')?.focus();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, act, selectedId, toggleBulk, bulk, setBulk]);

  const filtered = activeFilterCount(filters) > 0;
  return (
    <section
      className="inbox"
      aria-label={t('label')}
      data-view-key={wanted}
      data-shown-key={shown?.key}
      aria-busy={shown?.key !== wanted}
    >
      <header className="pane-head">
        <h2>
          {selection.kind === 'saved'
            ? (saved?.name ?? t('savedViewFallback'))
            : t(`views.${selection.view}`)}
        </h2>
        <span className="pane-sub" aria-label={t('countLabel')}>
          {rows?.length ?? ''}
        </span>
        {toolbar}
      </header>
      <FilterBar
        filters={filters}
        tags={tags}
        saved={saved}
        onFilters={setFilters}
        onSort={setSort}
        onSaveAs={(name) => {
          const viewId = newId() as SavedViewId;
          // The view exists locally at once (optimistic), so it can open straight away.
          void mutate('view.save', { viewId, name, filter: filters }).then(() =>
            openSavedView({
              id: viewId,
              ownerId: meId as UserId,
              name,
              filter: filters,
              createdAt: Date.now(),
              updatedAt: Date.now(),
              version: 1,
            }),
          );
        }}
        onUpdate={(v) => void mutate('view.save', { viewId: v.id, name: v.name, filter: filters })}
        onDelete={(v) => {
          setView('all');
          void mutate('view.delete', { viewId: v.id });
        }}
      />
      {bulk.size > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label={t('bulk.label')}>
          <span>{t('bulk.selected', { count: bulk.size })}</span>
          <button type="button" className="btn btn-quiet" onClick={() => void act('assign-me')}>
            {t('bulk.assignToMe')} <span className="kbd">a</span>
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => void act('resolve')}>
            {t('bulk.resolve')} <span className="kbd">e</span>
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => setBulk([])}>
            {t('common:clear')}
          </button>
        </div>
      )}
      {typeof arrived === 'number' ? (
        <div className="empty" role="status">
          <p>{t('bootstrap.title')}</p>
          <p className="pane-sub">{t('bootstrap.progress', { count: arrived })}</p>
        </div>
      ) : rows === undefined ? null : rows.length === 0 ? (
        <div className="empty">
          <p>{filtered ? t('empty.filteredTitle') : t('empty.title')}</p>
          <p className="pane-sub">{filtered ? t('empty.filteredHint') : t('empty.hint')}</p>
        </div>
      ) : (
        <VirtualList
          className="list"
          label={t('listLabel')}
          multiselectable
          items={rows}
          rowHeight={ROW_HEIGHT}
          activeIndex={index}
          getKey={(c) => c.id}
          onRange={setRange}
          renderRow={(c, i) => (
            <InboxRow
              conversation={c}
              customer={details?.customers.get(c.customerId)}
              assignee={c.assigneeId ? details?.agents.get(c.assigneeId) : undefined}
              readAt={details?.readAt.get(c.id)}
              selected={c.id === selectedId}
              checked={bulk.has(c.id)}
              now={now}
              position={i + 1}
              setSize={rows.length}
              onOpen={select}
              onToggle={toggleBulk}
            />
          )}
        />
      )}
    </section>
  );
}
