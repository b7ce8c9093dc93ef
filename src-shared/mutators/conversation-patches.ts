import type { Conversation } from '../domain/conversation.ts';
import type { ConversationMutatorName, MutatorArgs } from './definitions.ts';

export const PREVIEW_LENGTH = 140;

/**
 * How each mutator changes a conversation's own fields, as pure functions. The desktop applies
 * them optimistically and the hub authoritatively, so the two can only disagree about *whether*
 * a mutation is allowed, never about what it does.
 */
export const conversationPatches: {
  [N in ConversationMutatorName]: (
    c: Conversation,
    args: MutatorArgs<N>,
    now: number,
  ) => Partial<Conversation>;
} = {
  'conversation.reply': (c, args, now) => ({
    preview: args.text.slice(0, PREVIEW_LENGTH),
    lastMessageAt: now,
    waitingSince: null,
    status: c.status === 'resolved' ? 'open' : c.status,
  }),
  'conversation.reply.v2': (c, args, now) => ({
    preview: args.text.slice(0, PREVIEW_LENGTH),
    lastMessageAt: now,
    waitingSince: null,
    status: c.status === 'resolved' ? 'open' : c.status,
  }),
  // A note is internal: it moves neither the customer-facing activity nor the waiting clock.
  'conversation.note': () => ({}),
  'conversation.assign': (c, args) => ({
    teamId: args.teamId ?? c.teamId,
    assigneeId: args.assigneeId,
  }),
  'conversation.handoff': (c, args) => ({
    teamId: args.teamId ?? c.teamId,
    assigneeId: args.assigneeId,
  }),
  // Any explicit status ends a snooze; the pending wake-up then finds nothing to do.
  'conversation.set-status': (_c, args) => ({ status: args.status, snoozedUntil: null }),
  'conversation.snooze': (_c, args) => ({ status: 'snoozed', snoozedUntil: args.until }),
  'conversation.set-priority': (_c, args) => ({ priority: args.priority }),
  'conversation.set-tags': (_c, args) => ({ tags: normalizeTags(args.tags) }),
};

/** How far ahead a snooze may reach: beyond that it is not a snooze but an archive. */
export const MAX_SNOOZE_AHEAD_MS = 365 * 24 * 60 * 60 * 1000;

/** Why a snooze until `until` is unacceptable at `now`, or null when it is fine. */
export function snoozeProblem(now: number, until: number): string | null {
  if (until <= now) return 'The snooze must end in the future.';
  if (until > now + MAX_SNOOZE_AHEAD_MS)
    return 'A conversation cannot be snoozed for more than a year.';
  return null;
}

export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.toLowerCase()))].sort();
}

/** True when applying `patch` would leave the conversation as it is. */
export function isNoop(c: Conversation, patch: Partial<Conversation>): boolean {
  return (Object.keys(patch) as (keyof Conversation)[]).every(
    (k) => JSON.stringify(c[k]) === JSON.stringify(patch[k]),
  );
}
