import type { Conversation, Priority } from '../domain/conversation.ts';
import { SlaState as SlaStateSchema, type SlaState } from '../domain/view.ts';

/**
 * Reply-time targets: how long a customer may wait for us, by priority, counted from the moment they
 * started waiting. One policy for now; per-team policies would replace this table, not the maths.
 */
export const REPLY_TARGET_MS: Readonly<Record<Priority, number>> = {
  urgent: 30 * 60_000,
  high: 2 * 60 * 60_000,
  normal: 8 * 60 * 60_000,
  low: 24 * 60 * 60_000,
};

/** The last quarter of a target is "at risk": late enough to act, early enough to still make it. */
export const AT_RISK_FRACTION = 0.25;

export type { SlaState };
export const SLA_STATES: readonly SlaState[] = SlaStateSchema.options;

type SlaFields = Pick<Conversation, 'status' | 'priority' | 'waitingSince'>;

/** When we owe the customer a reply, or null when nobody is waiting on us. */
export function replyDueAt(c: SlaFields): number | null {
  if (c.waitingSince === null || c.status === 'resolved' || c.status === 'snoozed') return null;
  return c.waitingSince + REPLY_TARGET_MS[c.priority];
}

export function slaState(c: SlaFields, now: number): SlaState | null {
  const due = replyDueAt(c);
  if (due === null) return null;
  if (now >= due) return 'breached';
  return due - now <= REPLY_TARGET_MS[c.priority] * AT_RISK_FRACTION ? 'at_risk' : 'ok';
}
