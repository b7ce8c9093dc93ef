import { useDeferredValue, useMemo, useRef } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import type { Conversation, ConversationStatus } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Agent } from '#shared/domain/user.ts';
import type { ConversationId, UserId } from '#shared/logic/ids.ts';
import { readMeta, type PromptlyDb } from '../../data/db.ts';
import { useDb } from '../../data/db-context.tsx';
import {
  comparator,
  inView,
  matchesFilters,
  savedViewStatuses,
  type InboxFilters,
  type InboxView,
  type Viewer,
  type ViewSelection,
} from '#shared/logic/inbox-view.ts';

/**
 * Resolved conversations pile up forever; the view shows the newest this many (search reaches the
 * rest), while its count stays exact because it comes from the index.
 */
export const RESOLVED_WINDOW = 2_000;

const byStatus = (db: PromptlyDb, status: ConversationStatus) =>
  db.conversations
    .where('[status+lastMessageAt]')
    .between([status, Dexie.minKey], [status, Dexie.maxKey]);

async function active(db: PromptlyDb): Promise<Conversation[]> {
  const [open, pending] = await Promise.all([
    byStatus(db, 'open').toArray(),
    byStatus(db, 'pending').toArray(),
  ]);
  return open.concat(pending);
}

async function mentionedConversationIds(db: PromptlyDb, meId: UserId): Promise<ConversationId[]> {
  const ids = await db.messages.where('mentions').equals(meId).toArray();
  return [...new Set(ids.map((m) => m.conversationId))];
}

/** Views whose conversations are all active work: they share one read of the active set. */
const ACTIVE_VIEWS: ReadonlySet<InboxView> = new Set(['mine', 'unassigned', 'teams', 'all']);

/**
 * The open and pending conversations, read once per change to the table and shared by the list and
 * every count (see ActiveProvider). Switching between views or filters is then pure in-memory work.
 */
export function useActiveConversations(enabled: boolean): Conversation[] | undefined {
  const db = useDb();
  const rows = useLiveQuery(() => (enabled ? active(db) : undefined), [db, enabled]);
  // Deferred: the first answer after a bootstrap can be thousands of rows, and the lists and
  // counts built from it then render in a transition React can interrupt, not one long task.
  return useDeferredValue(rows);
}

/** The conversations of a view that is not active work, read through the narrowest index. */
async function otherCandidates(
  db: PromptlyDb,
  view: InboxView,
  me: Viewer,
): Promise<Conversation[]> {
  switch (view) {
    case 'snoozed':
      return byStatus(db, 'snoozed').toArray();
    case 'resolved':
      return byStatus(db, 'resolved').reverse().limit(RESOLVED_WINDOW).toArray();
    case 'mentions': {
      const rows = await db.conversations.bulkGet(await mentionedConversationIds(db, me.id));
      return rows.filter((c): c is Conversation => c !== undefined);
    }
    default:
      return active(db);
  }
}

/**
 * While a fresh cache fills from the snapshot (no cursor yet), the views stay unqueried: each page
 * stored would otherwise re-run them over a half-filled table, on the UI thread, for nothing.
 * Returns how many conversations have arrived so far, or null once the inbox is ready.
 */
export function useBootstrapProgress(): number | null | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    const cursor = await readMeta(db, 'cursor');
    return cursor === undefined ? db.conversations.count() : null;
  }, [db]);
}

/**
 * Who "me" is for the views: my id and my teams, from the agent directory in the cache. Undefined
 * until the cache has finished its bootstrap, which keeps every view query idle meanwhile.
 */
export function useViewer(meId: UserId | undefined): Viewer | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    if (!meId || (await readMeta(db, 'cursor')) === undefined) return undefined;
    const agent = await db.agents.get(meId);
    return { id: meId, teamIds: agent?.teamIds ?? [] };
  }, [db, meId]);
}

/** The conversations of a saved view's statuses, read by status through the index. */
async function byStatuses(db: PromptlyDb, statuses: readonly ConversationStatus[]) {
  const lists = await Promise.all(
    statuses.map((status) =>
      status === 'resolved'
        ? byStatus(db, status).reverse().limit(RESOLVED_WINDOW).toArray()
        : byStatus(db, status).toArray(),
    ),
  );
  return lists.flat();
}

/**
 * The rows of the selected view, filtered and sorted. Active views filter the shared active set in
 * memory; the others read their own (smaller) pool. Either way a filter or sort change re-reads
 * nothing.
 */
/** The last rows each non-active view read, per database (so per signed-in user). */
const poolCaches = new WeakMap<PromptlyDb, Map<string, Conversation[]>>();
function poolCacheOf(db: PromptlyDb): Map<string, Conversation[]> {
  let cache = poolCaches.get(db);
  if (!cache) poolCaches.set(db, (cache = new Map<string, Conversation[]>()));
  return cache;
}

export interface ViewRows {
  /** Names the view, filters and sort these rows answer (see viewKey). */
  key: string;
  rows: Conversation[];
}

/** A stable name for what the inbox is asked to show. */
export function viewKey(selection: ViewSelection, filters: InboxFilters): string {
  return JSON.stringify([selection, filters]);
}

export function useViewConversations(
  selection: ViewSelection,
  filters: InboxFilters,
  me: Viewer | undefined,
  now: number,
  activeRows: Conversation[] | undefined,
): ViewRows | undefined {
  const db = useDb();
  const usesActive =
    selection.kind === 'builtin'
      ? ACTIVE_VIEWS.has(selection.view)
      : savedViewStatuses(filters).every((s) => s === 'open' || s === 'pending');
  const builtinView = selection.kind === 'builtin' ? selection.view : null;
  const statusKey = selection.kind === 'saved' ? savedViewStatuses(filters).join() : '';
  const poolKey = `${builtinView ?? 'saved'}:${statusKey}`;
  // The pool carries its own key: while a new view's pool loads, the previous pool is not mistaken
  // for it (useLiveQuery keeps returning the last result until the new query answers).
  const pool = useLiveQuery(async () => {
    if (!me || usesActive) return undefined;
    const rows = builtinView
      ? await otherCandidates(db, builtinView, me)
      : await byStatuses(db, statusKey.split(',') as ConversationStatus[]);
    return { poolKey, rows };
  }, [db, me, usesActive, builtinView, statusKey, poolKey]);
  // Stale-while-revalidate: a view visited before shows its last rows at once while they re-read.
  const cache = poolCacheOf(db);
  if (pool) cache.set(pool.poolKey, pool.rows);
  const rows = usesActive ? activeRows : pool?.poolKey === poolKey ? pool.rows : cache.get(poolKey);
  return useMemo(() => {
    if (!me || !rows) return undefined;
    const effective =
      selection.kind === 'saved' ? { ...filters, statuses: savedViewStatuses(filters) } : filters;
    const keep =
      selection.kind === 'saved'
        ? (c: Conversation) => matchesFilters(c, effective, now, me)
        : (c: Conversation) =>
            inView(c, selection.view, me) && matchesFilters(c, effective, now, me);
    return {
      key: viewKey(selection, filters),
      rows: rows.filter(keep).sort(comparator(filters.sort)),
    };
  }, [rows, selection, filters, me, now]);
}

export interface ViewCounts {
  builtin: Record<InboxView, number>;
  /** By saved view id. */
  saved: Map<string, number>;
}

/**
 * Every view's live count: one pass over the active set for the built-in queues, index counts for
 * snoozed and resolved, and each saved view over the statuses it covers.
 */
export function useViewCounts(
  me: Viewer | undefined,
  now: number,
  rows: Conversation[] | undefined,
): ViewCounts | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    if (!me || !rows) return undefined;
    const [snoozedCount, resolved, mentioned, views] = await Promise.all([
      byStatus(db, 'snoozed').count(),
      byStatus(db, 'resolved').count(),
      mentionedConversationIds(db, me.id).then((ids) => db.conversations.bulkGet(ids)),
      db.views.orderBy('name').toArray(),
    ]);
    const builtin: Record<InboxView, number> = {
      mine: 0,
      unassigned: 0,
      teams: 0,
      all: 0,
      mentions: mentioned.filter((c) => c && inView(c, 'mentions', me)).length,
      snoozed: snoozedCount,
      resolved,
    };
    for (const c of rows) {
      builtin.all++;
      if (c.assigneeId === me.id) builtin.mine++;
      if (c.assigneeId === null) builtin.unassigned++;
      if (me.teamIds.includes(c.teamId)) builtin.teams++;
    }
    const saved = new Map<string, number>();
    for (const v of views) {
      const statuses = savedViewStatuses(v.filter);
      const pool = statuses.every((s) => s === 'open' || s === 'pending')
        ? rows
        : await byStatuses(db, statuses);
      const effective = { ...v.filter, statuses };
      saved.set(v.id, pool.filter((c) => matchesFilters(c, effective, now, me)).length);
    }
    return { builtin, saved };
  }, [db, me, now, rows]);
}

/** This user's saved views, by name. */
export function useSavedViews() {
  const db = useDb();
  return useLiveQuery(() => db.views.orderBy('name').toArray(), [db]);
}

export interface RowDetails {
  customers: Map<string, Customer>;
  agents: Map<string, Agent>;
  readAt: Map<string, number>;
}

/** Customers, assignees and read marks for the rows on screen only. */
export function useRowDetails(visible: readonly Conversation[]): RowDetails | undefined {
  const db = useDb();
  const key = visible.map((c) => `${c.id}:${c.customerId}:${c.assigneeId ?? ''}`).join();
  // The same customer or agent keeps the same object across queries unless it changed, so the
  // memoised rows that show them do not re-render when the window moves on while scrolling.
  const seen = useRef({ customers: new Map<string, Customer>(), agents: new Map<string, Agent>() });
  return useLiveQuery(
    async () => {
      const customerIds = [...new Set(visible.map((c) => c.customerId))];
      const agentIds = [...new Set(visible.flatMap((c) => (c.assigneeId ? [c.assigneeId] : [])))];
      const [customers, agents, reads] = await Promise.all([
        db.customers.bulkGet(customerIds),
        db.agents.bulkGet(agentIds),
        db.reads.bulkGet(visible.map((c) => c.id)),
      ]);
      // Only this window's records are remembered: windows overlap while scrolling, and the
      // cache never outgrows what is on screen.
      const stable = <T extends { id: string }>(before: Map<string, T>, now: Map<string, T>) => {
        return (row: T) => {
          const had = before.get(row.id);
          const kept = had && sameRecord(had, row) ? had : row;
          now.set(row.id, kept);
          return kept;
        };
      };
      const next = { customers: new Map<string, Customer>(), agents: new Map<string, Agent>() };
      const keepCustomer = stable(seen.current.customers, next.customers);
      const keepAgent = stable(seen.current.agents, next.agents);
      seen.current = next;
      return {
        customers: new Map(customers.flatMap((c) => (c ? [[c.id, keepCustomer(c)] as const] : []))),
        agents: new Map(agents.flatMap((a) => (a ? [[a.id, keepAgent(a)] as const] : []))),
        readAt: new Map(reads.flatMap((r) => (r ? [[r.conversationId, r.readAt] as const] : []))),
      };
    },
    // These ids say everything the query depends on; `visible` itself is a fresh array.
    [db, key],
  );
}

export function useConversationCount(): number | undefined {
  const db = useDb();
  return useLiveQuery(() => db.conversations.count(), [db]);
}

/** Cached records are replaced whole by sync, so equal JSON is equal content; they are small. */
function sameRecord(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
