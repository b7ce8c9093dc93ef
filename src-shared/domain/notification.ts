import { z } from 'zod';
import { ConversationId, MessageId, UUID_PATTERN, UserId } from '../logic/ids.ts';
import { CallbackPromiseId } from './callback.ts';

export const NotificationId = z
  .string()
  .regex(UUID_PATTERN, 'must be a lowercase UUID')
  .brand('NotificationId');
export type NotificationId = z.infer<typeof NotificationId>;

/** Why someone is told: each kind names the event, and its refs say where to look. */
export const NotificationKind = z.enum([
  'callback.missed',
  'mention',
  'assignment',
  'sla.at_risk',
  'sla.breached',
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NOTIFICATION_TITLE_MAX = 200;
export const NOTIFICATION_BODY_MAX = 500;

/**
 * Something one user is told, synced to that user alone. Title and body are composed by the hub
 * from staff-controlled data (names, times), never from customer text, so a desktop may show them
 * in a native notification as they are.
 */
export const Notification = z.object({
  id: NotificationId,
  /** The recipient: the only user the hub ever sends this record to. */
  userId: UserId,
  kind: NotificationKind,
  title: z.string().max(NOTIFICATION_TITLE_MAX),
  body: z.string().max(NOTIFICATION_BODY_MAX),
  refs: z.object({
    conversationId: ConversationId,
    promiseId: CallbackPromiseId.optional(),
    messageId: MessageId.optional(),
  }),
  createdAt: z.number().int(),
  readAt: z.number().int().nullable(),
});
export type Notification = z.infer<typeof Notification>;
