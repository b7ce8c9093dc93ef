import { z } from 'zod';
import { ConversationId, CustomerId, MessageId, TeamId, UserId } from '../logic/ids.ts';
import { CallbackPromiseId, NOTE_MAX } from '../domain/callback.ts';
import { IdentityId, IdentityKind } from '../domain/identity.ts';
import { Channel, Priority } from '../domain/conversation.ts';
import { LIMITS } from '../domain/limits.ts';
import { CustomerPreferences } from '../domain/customer.ts';
import { NotificationId } from '../domain/notification.ts';
import {
  CANNED_BODY_MAX,
  CANNED_TITLE_MAX,
  CannedResponseId,
  CannedShortcut,
} from '../domain/canned-response.ts';
import { InboxFilterInput, SavedViewId, VIEW_NAME_MAX } from '../domain/view.ts';

/**
 * Every change an agent makes is one of these: a name and its arguments, applied optimistically on
 * the desktop and authoritatively on the hub. A mutator's arguments never change once released;
 * a new shape gets a new name (`conversation.reply.v2`).
 */
const Text = z.string().trim().min(1, 'must not be empty').max(LIMITS.text);
const Tag = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.tag)
  .regex(/^[^\s,]+$/, 'tags have no spaces or commas');

const EpochMs = z.number().int().nonnegative();

/** An IANA zone the runtime knows; anything else would break every local-time display. */
const TimeZone = z
  .string()
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone');

// ---- Workspace records: canned responses and saved views ------------------------------------
const recordMutatorArgs = {
  /** Creates the response, or replaces the one with this id; moving it to another scope is allowed. */
  'canned.save': z.strictObject({
    cannedId: CannedResponseId,
    /** Null: workspace-wide (admins only). */
    teamId: TeamId.nullable(),
    title: z.string().trim().min(1, 'must not be empty').max(CANNED_TITLE_MAX),
    shortcut: z.string().trim().toLowerCase().pipe(CannedShortcut),
    body: z.string().trim().min(1, 'must not be empty').max(CANNED_BODY_MAX),
  }),
  'canned.delete': z.strictObject({ cannedId: CannedResponseId }),
  /** Creates the viewer's own view, or replaces it; nobody can save into someone else's view. */
  'view.save': z.strictObject({
    viewId: SavedViewId,
    name: z.string().trim().min(1, 'must not be empty').max(VIEW_NAME_MAX),
    filter: InboxFilterInput,
  }),
  'view.delete': z.strictObject({ viewId: SavedViewId }),
} as const;
// ---- end of workspace records ---------------------------------------------------------------

export const mutatorArgs = {
  ...recordMutatorArgs,
  'conversation.reply': z.strictObject({
    conversationId: ConversationId,
    messageId: MessageId,
    text: Text,
  }),
  'conversation.note': z.strictObject({
    conversationId: ConversationId,
    messageId: MessageId,
    text: Text,
    mentions: z.array(UserId).max(20).default([]),
  }),
  /**
   * A reply on the conversation's own channel, or on another channel the customer can be reached
   * on (a phone call answered by SMS or email). The hub checks that the customer has that channel.
   */
  'conversation.reply.v2': z.strictObject({
    conversationId: ConversationId,
    messageId: MessageId,
    text: Text,
    channel: Channel.optional(),
  }),
  /** An assignment or transfer with a note the next agent reads first (pinned in the thread). */
  'conversation.handoff': z.strictObject({
    conversationId: ConversationId,
    assigneeId: UserId.nullable(),
    teamId: TeamId.optional(),
    noteId: MessageId,
    note: Text,
  }),
  'conversation.assign': z.strictObject({
    conversationId: ConversationId,
    assigneeId: UserId.nullable(),
    /** Moving to another team is a transfer; the hub re-scopes who can see the conversation. */
    teamId: TeamId.optional(),
  }),
  'conversation.set-status': z.strictObject({
    conversationId: ConversationId,
    // Snoozing needs a wake-up time and a job that brings it back: it is a mutator of its own.
    status: z.enum(['open', 'pending', 'resolved']),
  }),
  /**
   * Sets the conversation aside until `until`, when the hub reopens it. Whether `until` is in the
   * future is the hub's call at apply time (its clock), not the schema's: an outbox row must not
   * turn invalid while it waits.
   */
  'conversation.snooze': z.strictObject({
    conversationId: ConversationId,
    until: EpochMs,
  }),
  'conversation.set-priority': z.strictObject({
    conversationId: ConversationId,
    priority: Priority,
  }),
  'conversation.set-tags': z.strictObject({
    conversationId: ConversationId,
    tags: z.array(Tag).max(LIMITS.tags),
  }),
  /** Omitted fields stay as they are; null clears an optional one. */
  'customer.edit': z.strictObject({
    customerId: CustomerId,
    name: z.string().trim().min(1).max(LIMITS.name).optional(),
    timezone: TimeZone.nullable().optional(),
    company: z.string().trim().max(LIMITS.name).nullable().optional(),
    notes: z.string().max(LIMITS.text).optional(),
    /** Replaces both lists; the desktop sends what the agent saw, edited. */
    preferences: CustomerPreferences.optional(),
  }),
  /** Folds a duplicate customer into the one that stays; the source is deleted. */
  'customer.merge': z.strictObject({ sourceId: CustomerId, targetId: CustomerId }),
  'customer.add-identity': z.strictObject({
    customerId: CustomerId,
    identityId: IdentityId,
    kind: IdentityKind,
    value: z.string().trim().min(1).max(LIMITS.email),
  }),
  'callback.promise': z.strictObject({
    promiseId: CallbackPromiseId,
    conversationId: ConversationId,
    dueAt: EpochMs,
    windowEndAt: EpochMs.optional(),
    note: z.string().trim().max(NOTE_MAX),
  }),
  'callback.reschedule': z.strictObject({
    promiseId: CallbackPromiseId,
    dueAt: EpochMs,
    windowEndAt: EpochMs.optional(),
    reason: z.string().trim().max(NOTE_MAX).optional(),
  }),
  'callback.complete': z.strictObject({ promiseId: CallbackPromiseId }),
  'callback.cancel': z.strictObject({
    promiseId: CallbackPromiseId,
    reason: z.string().trim().min(1, 'must not be empty').max(NOTE_MAX),
  }),
  /** Only the recipient may: anyone else is told the notification does not exist. */
  'notification.mark-read': z.strictObject({ notificationId: NotificationId }),
} as const;

export type MutatorName = keyof typeof mutatorArgs;
export type MutatorArgs<N extends MutatorName> = z.infer<(typeof mutatorArgs)[N]>;
export const MUTATOR_NAMES = Object.keys(mutatorArgs) as MutatorName[];
/** The mutators that patch one conversation's own fields (see conversation-patches.ts). */
export type ConversationMutatorName = Extract<MutatorName, `conversation.${string}`>;
export type CustomerMutatorName = Extract<MutatorName, `customer.${string}`>;
export type CallbackMutatorName = Extract<MutatorName, `callback.${string}`>;
export type NotificationMutatorName = Extract<MutatorName, `notification.${string}`>;
export type CannedMutatorName = Extract<MutatorName, `canned.${string}`>;
export type ViewMutatorName = Extract<MutatorName, `view.${string}`>;
export const isConversationMutator = (name: MutatorName): name is ConversationMutatorName =>
  name.startsWith('conversation.');

export const MutationId = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    'must be a UUIDv7',
  );

/** What travels over the socket; `args` is parsed against the named mutator on the hub. */
export const MutationEnvelope = z.strictObject({
  id: MutationId,
  name: z.enum(MUTATOR_NAMES as [MutatorName, ...MutatorName[]]),
  args: z.unknown(),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

export const MutationResult = z.object({
  /** The change-log position that holds this mutation's effect (0 when it changed nothing). */
  seq: z.number().int().nonnegative(),
  /** True when the hub had already applied this id and returned the stored result. */
  replayed: z.boolean(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export function parseMutatorArgs<N extends MutatorName>(name: N, args: unknown) {
  return mutatorArgs[name].safeParse(args) as z.ZodSafeParseResult<MutatorArgs<N>>;
}
