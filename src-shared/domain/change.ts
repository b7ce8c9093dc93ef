import { z } from 'zod';
import { Agent, Team } from './user.ts';
import { Customer } from './customer.ts';
import { Conversation } from './conversation.ts';
import { Message } from './message.ts';
import { Identity } from './identity.ts';
import { CallbackPromise } from './callback.ts';
import { Notification } from './notification.ts';
import { CannedResponse } from './canned-response.ts';
import { SavedView } from './view.ts';
import { SurveyResponse } from './survey.ts';

/**
 * One row of the hub's change log as a client receives it. `seq` is gap-free in visibility order,
 * so a client that stores the last seq it applied can never silently miss a change.
 */
const ChangeEntityName = z.enum([
  'conversation',
  'message',
  'customer',
  'agent',
  'team',
  'identity',
  'callback',
  'notification',
  'canned',
  'view',
  'survey',
]);

const Seq = z.number().int().nonnegative();

export const PutChange = z.discriminatedUnion('entity', [
  z.object({
    seq: Seq,
    entity: z.literal('conversation'),
    op: z.literal('put'),
    data: Conversation,
  }),
  z.object({ seq: Seq, entity: z.literal('message'), op: z.literal('put'), data: Message }),
  z.object({ seq: Seq, entity: z.literal('customer'), op: z.literal('put'), data: Customer }),
  z.object({ seq: Seq, entity: z.literal('agent'), op: z.literal('put'), data: Agent }),
  z.object({ seq: Seq, entity: z.literal('team'), op: z.literal('put'), data: Team }),
  z.object({ seq: Seq, entity: z.literal('identity'), op: z.literal('put'), data: Identity }),
  z.object({
    seq: Seq,
    entity: z.literal('callback'),
    op: z.literal('put'),
    data: CallbackPromise,
  }),
  z.object({
    seq: Seq,
    entity: z.literal('notification'),
    op: z.literal('put'),
    data: Notification,
  }),
  z.object({ seq: Seq, entity: z.literal('canned'), op: z.literal('put'), data: CannedResponse }),
  z.object({ seq: Seq, entity: z.literal('view'), op: z.literal('put'), data: SavedView }),
  z.object({ seq: Seq, entity: z.literal('survey'), op: z.literal('put'), data: SurveyResponse }),
]);

export const DeleteChange = z.object({
  seq: Seq,
  entity: ChangeEntityName,
  op: z.literal('delete'),
  id: z.string().max(64),
});

export const Change = z.discriminatedUnion('op', [PutChange, DeleteChange]);
export type Change = z.infer<typeof Change>;
export type ChangeEntity = Change['entity'];
