import { z } from 'zod';
import { ConversationId, CustomerId, MessageId, UserId } from '../logic/ids.ts';
import { Channel } from './conversation.ts';
import { LIMITS } from './limits.ts';

export const MessageDirection = z.enum(['inbound', 'outbound', 'note']);
export type MessageDirection = z.infer<typeof MessageDirection>;

export const Attachment = z.object({
  id: z.string().max(64),
  name: z.string().max(LIMITS.attachmentName),
  size: z.number().int().nonnegative(),
  contentType: z.string().max(128),
});
export type Attachment = z.infer<typeof Attachment>;

export const CallDetails = z.object({
  kind: z.enum(['call', 'voicemail']),
  direction: z.enum(['inbound', 'outbound']),
  durationSec: z.number().int().nonnegative(),
  transcript: z.string().max(LIMITS.text).nullable(),
});
export type CallDetails = z.infer<typeof CallDetails>;

export const DeliveryStatus = z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Message = z.object({
  id: MessageId,
  conversationId: ConversationId,
  customerId: CustomerId,
  direction: MessageDirection,
  channel: Channel,
  authorType: z.enum(['customer', 'agent', 'system']),
  authorId: UserId.nullable(),
  authorName: z.string().max(LIMITS.name),
  text: z.string().max(LIMITS.text),
  /** Raw email HTML, stored as received and sanitized only when rendered. */
  html: z.string().max(LIMITS.html).nullable(),
  attachments: z.array(Attachment).max(LIMITS.attachments),
  call: CallDetails.nullable(),
  deliveryStatus: DeliveryStatus,
  /** Agents @mentioned in an internal note. */
  mentions: z.array(UserId).max(20).optional(),
  /** An internal note written while handing the conversation over: the next agent reads it first. */
  handoff: z.boolean().optional(),
  createdAt: z.number().int(),
});
export type Message = z.infer<typeof Message>;
