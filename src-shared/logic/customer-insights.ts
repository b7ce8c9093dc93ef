import type { CallbackPromise } from '../domain/callback.ts';
import type { SurveyKind, SurveyResponse } from '../domain/survey.ts';

/**
 * What the customer panel says about a customer, computed from cached records. Pure, so the panel
 * and any later report agree on what "open", "average" and "last time" mean.
 */

export interface PromiseGroups {
  /** Still to keep, soonest first (overdue ones lead). */
  open: CallbackPromise[];
  /** Kept, missed and cancelled, most recently settled first. */
  kept: CallbackPromise[];
  missed: CallbackPromise[];
  cancelled: CallbackPromise[];
}

export function groupPromises(promises: readonly CallbackPromise[]): PromiseGroups {
  const groups: PromiseGroups = { open: [], kept: [], missed: [], cancelled: [] };
  for (const p of promises) {
    if (p.status === 'scheduled') groups.open.push(p);
    else groups[p.status].push(p);
  }
  groups.open.sort((a, b) => a.dueAt - b.dueAt);
  for (const list of [groups.kept, groups.missed, groups.cancelled])
    list.sort((a, b) => b.updatedAt - a.updatedAt);
  return groups;
}

/** When a promise is due by: the end of its window, or its time. */
export const promiseDeadline = (p: Pick<CallbackPromise, 'dueAt' | 'windowEndAt'>) =>
  p.windowEndAt ?? p.dueAt;

export const NEARBY_PROMISE_MS = 2 * 3_600_000;

/**
 * The owner's other open promises within `margin` of a proposed time or window: what an agent
 * should see before promising, because two callbacks at 3 pm means one of them is a lie.
 */
export function nearbyPromises(
  promises: readonly CallbackPromise[],
  ownerId: string,
  proposal: { dueAt: number; windowEndAt?: number | null | undefined },
  margin = NEARBY_PROMISE_MS,
  excludeId?: string,
): CallbackPromise[] {
  const from = proposal.dueAt - margin;
  const to = (proposal.windowEndAt ?? proposal.dueAt) + margin;
  return promises
    .filter(
      (p) =>
        p.status === 'scheduled' &&
        p.ownerId === ownerId &&
        p.id !== excludeId &&
        p.dueAt <= to &&
        promiseDeadline(p) >= from,
    )
    .sort((a, b) => a.dueAt - b.dueAt);
}

export interface SurveyKindSummary {
  kind: SurveyKind;
  /** Newest first. */
  responses: SurveyResponse[];
  average: number;
  /** The newest non-empty comment, as the customer wrote it. */
  lastComment: { text: string; at: number; score: number } | null;
}

/** One summary per kind the customer answered, in the order CSAT, CES, NPS. */
export function summarizeSurveys(responses: readonly SurveyResponse[]): SurveyKindSummary[] {
  const out: SurveyKindSummary[] = [];
  for (const kind of ['csat', 'ces', 'nps'] as const) {
    const mine = responses.filter((r) => r.kind === kind).sort((a, b) => b.createdAt - a.createdAt);
    if (mine.length === 0) continue;
    const average = mine.reduce((sum, r) => sum + r.score, 0) / mine.length;
    const commented = mine.find((r) => r.comment.trim().length > 0);
    out.push({
      kind,
      responses: mine,
      average: Math.round(average * 10) / 10,
      lastComment: commented
        ? { text: commented.comment, at: commented.createdAt, score: commented.score }
        : null,
    });
  }
  return out;
}

/**
 * The conversation the customer had before `current`: the latest other one that started earlier.
 * Null when this is their first.
 */
export function previousConversation<C extends { id: string; createdAt: number }>(
  conversations: readonly C[],
  current: { id: string; createdAt: number },
): C | null {
  let best: C | null = null;
  for (const c of conversations) {
    if (c.id === current.id || c.createdAt > current.createdAt) continue;
    if (!best || c.createdAt > best.createdAt) best = c;
  }
  return best;
}
