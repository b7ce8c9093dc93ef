import type { Notification } from '#shared/domain/notification.ts';
import type { NotificationRequest } from '#shared/contracts/ipc.ts';
import { i18n } from '../../i18n/index.ts';

/**
 * How far this desktop has notified, persisted so a reload or a resync does not replay anything.
 * `seen` holds the records at or just below `at` (within LOOKBACK_MS): hub nodes stamp
 * `createdAt` with their own clocks, so a record may land after a newer one and still be news.
 */
export interface NotifiedMark {
  /** Nothing created at or before this was ever news here: when the first session started. */
  since: number;
  at: number;
  seen: Array<{ id: string; createdAt: number }>;
}

/** Tolerated clock disagreement between hub nodes. */
export const LOOKBACK_MS = 60_000;
/**
 * How far before this session a stored mark may reach: a reload catches up on what arrived while
 * the page was away, but a desktop reopened after a weekend leaves the backlog to the center.
 */
export const CATCH_UP_MS = 10 * 60_000;
/** More than this at once become one summary instead of a stack of pop-ups. */
export const MAX_BURST = 3;

/** Records created at or before this are never news, whatever the mark says. */
export function lowerBound(mark: NotifiedMark | null, sessionStart: number): number {
  if (!mark) return sessionStart;
  return Math.max(mark.since, mark.at - LOOKBACK_MS, sessionStart - CATCH_UP_MS);
}

/**
 * Which of `candidates` are news for `userId`, oldest first, and the mark to store after showing
 * them. A fresh desktop (no mark) counts only what was created after its session started, so a
 * bootstrap of 200 old notifications fires none. Read ones (handled on another desktop) are
 * passed over silently but still recorded as seen.
 */
export function pickNew(input: {
  candidates: readonly Notification[];
  userId: string;
  mark: NotifiedMark | null;
  sessionStart: number;
}): { fresh: Notification[]; mark: NotifiedMark } {
  const floor = lowerBound(input.mark, input.sessionStart);
  const seen = new Set(input.mark?.seen.map((s) => s.id));
  const considered = input.candidates
    .filter((n) => n.userId === input.userId && n.createdAt > floor && !seen.has(n.id))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const fresh = considered.filter((n) => n.readAt === null);

  const at = Math.max(input.mark?.at ?? input.sessionStart, ...considered.map((n) => n.createdAt));
  // Below the window the floor excludes a record anyway, so the list stays small.
  const seenNext = [
    ...(input.mark?.seen ?? []),
    ...considered.map((n) => ({ id: n.id, createdAt: n.createdAt })),
  ].filter((s) => s.createdAt > at - LOOKBACK_MS);
  return { fresh, mark: { since: input.mark?.since ?? input.sessionStart, at, seen: seenNext } };
}

/**
 * What to put on screen for a batch of news: each one, or a single summary for a burst. The hub
 * composes each notification's own title and body; only the summary is worded here.
 */
export function toRequests(fresh: readonly Notification[]): NotificationRequest[] {
  if (fresh.length === 0) return [];
  if (fresh.length > MAX_BURST) {
    return [
      {
        title: i18n.t('notifications:burst.title', { count: fresh.length }),
        body: i18n.t('notifications:burst.body'),
      },
    ];
  }
  return fresh.map((n) => ({
    title: n.title || i18n.t('notifications:fallbackTitle'),
    body: n.body,
    conversationId: n.refs.conversationId,
  }));
}
