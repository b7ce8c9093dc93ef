import type { Conversation } from '../domain/conversation.ts';
import { EMPTY_INBOX_FILTER, type InboxFilter, type InboxSort } from '../domain/view.ts';
import type { TeamId, UserId } from './ids.ts';
import { replyDueAt, slaState } from './sla.ts';

/** The built-in views, in sidebar order. */
export const VIEWS = [
  'mine',
  'unassigned',
  'teams',
  'all',
  'mentions',
  'snoozed',
  'resolved',
] as const;
export type InboxView = (typeof VIEWS)[number];

/** A saved view is a filter of its own; the built-in views are filtered on top. */
export type ViewSelection = { kind: 'builtin'; view: InboxView } | { kind: 'saved'; id: string };

/** Narrowing and order, in the same shape a saved view stores (so any filter can be saved). */
export type InboxFilters = InboxFilter;
export const NO_FILTERS: InboxFilters = EMPTY_INBOX_FILTER;

/** How many criteria narrow the list (the sort is not one). */
export function activeFilterCount(f: InboxFilters): number {
  return (
    f.channels.length +
    f.priorities.length +
    f.statuses.length +
    f.slaStates.length +
    f.tags.length +
    f.teamIds.length +
    (f.assignee === 'any' ? 0 : 1) +
    (f.waitingMoreThanMs === null ? 0 : 1)
  );
}

export interface Viewer {
  id: UserId;
  teamIds: readonly TeamId[];
}

/** Active work: what a queue holds until it is resolved or put to sleep. */
export const isActive = (c: Conversation) => c.status === 'open' || c.status === 'pending';

/**
 * Which conversations a built-in view holds, given the ones the hub let us cache. 'mentions' is
 * decided by the caller (it needs the messages), so here it only excludes resolved ones.
 */
export function inView(c: Conversation, view: InboxView, me: Viewer): boolean {
  switch (view) {
    case 'mine':
      return isActive(c) && c.assigneeId === me.id;
    case 'unassigned':
      return isActive(c) && c.assigneeId === null;
    case 'teams':
      return isActive(c) && me.teamIds.includes(c.teamId);
    case 'all':
      return isActive(c);
    case 'mentions':
      return c.status !== 'resolved';
    case 'snoozed':
      return c.status === 'snoozed';
    case 'resolved':
      return c.status === 'resolved';
  }
}

/**
 * Statuses a saved view covers. Picking none means active work (open and pending), as in every
 * queue: a view that silently included years of resolved conversations would bury the work.
 */
export function savedViewStatuses(f: InboxFilters): Conversation['status'][] {
  return f.statuses.length > 0 ? f.statuses : ['open', 'pending'];
}

export function matchesFilters(c: Conversation, f: InboxFilters, now: number, me: Viewer): boolean {
  if (f.channels.length > 0 && !f.channels.includes(c.channel)) return false;
  if (f.priorities.length > 0 && !f.priorities.includes(c.priority)) return false;
  if (f.statuses.length > 0 && !f.statuses.includes(c.status)) return false;
  if (f.tags.length > 0 && !f.tags.some((t) => c.tags.includes(t))) return false;
  if (f.teamIds.length > 0 && !f.teamIds.includes(c.teamId)) return false;
  if (f.assignee === 'me' && c.assigneeId !== me.id) return false;
  if (f.assignee === 'unassigned' && c.assigneeId !== null) return false;
  if (f.slaStates.length > 0) {
    const state = slaState(c, now);
    if (state === null || !f.slaStates.includes(state)) return false;
  }
  if (f.waitingMoreThanMs !== null) {
    if (c.waitingSince === null || now - c.waitingSince < f.waitingMoreThanMs) return false;
  }
  return true;
}

const NEVER = Number.POSITIVE_INFINITY;

/**
 * Sort orders. Ties fall back to newest activity and then the id, so the order is total and rows
 * never swap places between two renders of the same data.
 */
export function comparator(sort: InboxSort): (a: Conversation, b: Conversation) => number {
  const newest = (a: Conversation, b: Conversation) =>
    b.lastMessageAt - a.lastMessageAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  switch (sort) {
    case 'newest':
      return newest;
    case 'longest_waiting':
      return (a, b) => (a.waitingSince ?? NEVER) - (b.waitingSince ?? NEVER) || newest(a, b);
    case 'sla_due':
      return (a, b) => (replyDueAt(a) ?? NEVER) - (replyDueAt(b) ?? NEVER) || newest(a, b);
  }
}
