import { z } from 'zod';
import { ConversationId, MessageId, TeamId, UserId } from '../logic/ids.ts';
import { Priority } from '../domain/conversation.ts';
import { LIMITS } from '../domain/limits.ts';

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

export const mutatorArgs = {
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
  'conversation.set-priority': z.strictObject({
    conversationId: ConversationId,
    priority: Priority,
  }),
  'conversation.set-tags': z.strictObject({
    conversationId: ConversationId,
    tags: z.array(Tag).max(LIMITS.tags),
  }),
} as const;

export type MutatorName = keyof typeof mutatorArgs;
export type MutatorArgs<N extends MutatorName> = z.infer<(typeof mutatorArgs)[N]>;
export const MUTATOR_NAMES = Object.keys(mutatorArgs) as MutatorName[];

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
