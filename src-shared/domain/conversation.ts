import { z } from 'zod';
import { ConversationId, CustomerId, MessageId, TeamId, UserId } from '../logic/ids.ts';
import { LIMITS } from './limits.ts';

export const Channel = z.enum(['chat', 'email', 'sms', 'whatsapp', 'phone', 'api']);
export type Channel = z.infer<typeof Channel>;

export const ConversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export type Priority = z.infer<typeof Priority>;

/** Times are epoch milliseconds: they index and sort directly in IndexedDB. */
export const Conversation = z.object({
  id: ConversationId,
  customerId: CustomerId,
  channel: Channel,
  subject: z.string().max(LIMITS.subject),
  status: ConversationStatus,
  priority: Priority,
  tags: z.array(z.string().max(LIMITS.tag)).max(LIMITS.tags),
  teamId: TeamId,
  assigneeId: UserId.nullable(),
  /** The customer's original question, pinned at the top of the thread. */
  firstMessageId: MessageId.nullable(),
  preview: z.string().max(300),
  lastMessageAt: z.number().int(),
  /** Set while the customer waits for us; null once we have answered. */
  waitingSince: z.number().int().nullable(),
  /**
   * When a snoozed conversation wakes (the hub's job sets it open again); null when not snoozed.
   * Defaults to null so change-log entries written before snoozing existed still parse.
   */
  snoozedUntil: z.number().int().nullable().default(null),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  version: z.number().int().nonnegative(),
});
export type Conversation = z.infer<typeof Conversation>;
