import { z } from 'zod';
import { ConversationId, CustomerId, UUID_PATTERN, UserId } from '../logic/ids.ts';
import { Channel } from './conversation.ts';

export const NOTE_MAX = 2000;
/** Reschedules are bounded so a promise row cannot grow without end. */
export const HISTORY_MAX = 200;

export const CallbackPromiseId = z
  .string()
  .regex(UUID_PATTERN, 'must be a lowercase UUID')
  .brand('CallbackPromiseId');
export type CallbackPromiseId = z.infer<typeof CallbackPromiseId>;

/** 'due' is not stored: it is derived from dueAt and the clock, so no job has to flip it. */
export const CallbackStatus = z.enum(['scheduled', 'kept', 'missed', 'cancelled']);
export type CallbackStatus = z.infer<typeof CallbackStatus>;

export const CallbackAction = z.enum(['promised', 'rescheduled', 'kept', 'cancelled', 'missed']);
export type CallbackAction = z.infer<typeof CallbackAction>;

export const CallbackHistoryEntry = z.object({
  at: z.number().int(),
  /** Null when the hub itself acted (the job runner marking a promise missed). */
  byUserId: UserId.nullable(),
  action: CallbackAction,
  /** The due time in force after this step, so a reschedule's old and new times both survive. */
  dueAt: z.number().int(),
  note: z.string().max(NOTE_MAX).optional(),
});
export type CallbackHistoryEntry = z.infer<typeof CallbackHistoryEntry>;

/** A promise to get back to a customer by a time, or within a window, in their own clock. */
export const CallbackPromise = z.object({
  id: CallbackPromiseId,
  conversationId: ConversationId,
  customerId: CustomerId,
  ownerId: UserId,
  channel: Channel,
  dueAt: z.number().int(),
  /** Set when the promise is a window ("between 2 and 4 pm") rather than a time. */
  windowEndAt: z.number().int().nullable(),
  /** The customer's IANA zone when the promise was made, so it reads as the customer heard it. */
  timezone: z.string().max(64).nullable(),
  note: z.string().max(NOTE_MAX),
  status: CallbackStatus,
  history: z.array(CallbackHistoryEntry).max(HISTORY_MAX),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  version: z.number().int().nonnegative(),
});
export type CallbackPromise = z.infer<typeof CallbackPromise>;

/** How far ahead a promise may be made: beyond a year it is not a callback but a wish. */
export const MAX_PROMISE_AHEAD_MS = 365 * 24 * 60 * 60 * 1000;
