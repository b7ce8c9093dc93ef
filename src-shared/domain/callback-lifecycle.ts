import type { ConversationId, CustomerId, UserId } from '../logic/ids.ts';
import {
  MAX_PROMISE_AHEAD_MS,
  type CallbackAction,
  type CallbackPromise,
  type CallbackPromiseId,
} from './callback.ts';
import type { Channel } from './conversation.ts';

/**
 * The lifecycle of a promise as pure functions, so the desktop's optimistic copy and the hub's
 * authoritative one are computed by the same code and can only disagree about whether a step is
 * allowed (the hub's clock and permissions decide), never about what it does.
 */

/** Why a due time is unacceptable at `now`, or null when it is fine. */
export function dueTimeProblem(
  now: number,
  dueAt: number,
  windowEndAt: number | undefined,
): string | null {
  if (dueAt <= now) return 'The promised time is in the past.';
  if (dueAt > now + MAX_PROMISE_AHEAD_MS) return 'A promise cannot be more than a year ahead.';
  if (windowEndAt !== undefined && windowEndAt <= dueAt)
    return 'The window must end after it starts.';
  if (windowEndAt !== undefined && windowEndAt > now + MAX_PROMISE_AHEAD_MS)
    return 'A promise cannot be more than a year ahead.';
  return null;
}

/** Only a promise still waiting to be kept can be moved, kept or cancelled. */
export const isOpenPromise = (p: CallbackPromise) => p.status === 'scheduled';

export function newPromise(input: {
  id: CallbackPromiseId;
  conversationId: ConversationId;
  customerId: CustomerId;
  ownerId: UserId;
  channel: Channel;
  dueAt: number;
  windowEndAt: number | undefined;
  timezone: string | null;
  note: string;
  now: number;
}): CallbackPromise {
  const { now, windowEndAt, ...rest } = input;
  return {
    ...rest,
    windowEndAt: windowEndAt ?? null,
    status: 'scheduled',
    history: [{ at: now, byUserId: input.ownerId, action: 'promised', dueAt: input.dueAt }],
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

function step(
  p: CallbackPromise,
  by: UserId | null,
  now: number,
  action: CallbackAction,
  patch: Partial<CallbackPromise>,
  note: string | undefined,
): CallbackPromise {
  const dueAt = patch.dueAt ?? p.dueAt;
  return {
    ...p,
    ...patch,
    history: [...p.history, { at: now, byUserId: by, action, dueAt, ...(note ? { note } : {}) }],
    updatedAt: now,
    version: p.version + 1,
  };
}

export const reschedulePromise = (
  p: CallbackPromise,
  args: { dueAt: number; windowEndAt?: number | undefined; reason?: string | undefined },
  by: UserId,
  now: number,
) =>
  step(
    p,
    by,
    now,
    'rescheduled',
    { dueAt: args.dueAt, windowEndAt: args.windowEndAt ?? null },
    args.reason,
  );

export const keepPromise = (p: CallbackPromise, by: UserId, now: number) =>
  step(p, by, now, 'kept', { status: 'kept' }, undefined);

export const cancelPromise = (p: CallbackPromise, reason: string, by: UserId, now: number) =>
  step(p, by, now, 'cancelled', { status: 'cancelled' }, reason);

/** Marked by the hub (no user) once the promise's time has passed unkept. */
export const missPromise = (p: CallbackPromise, now: number) =>
  step(p, null, now, 'missed', { status: 'missed' }, undefined);

/** When a promise is late: the end of its window, or its time when it has none. */
export const promiseDeadline = (p: Pick<CallbackPromise, 'dueAt' | 'windowEndAt'>) =>
  p.windowEndAt ?? p.dueAt;
