import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Database } from '../store/schema.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { ChangeInput } from './changes.ts';
import { conversationFromRow, conversationToRow } from './records.ts';
import type { Writer } from './writer.ts';

export const WAKE_JOB = 'conversation.wake';

export const WakePayload = z.object({
  conversationId: z.string().max(64),
  until: z.number().int(),
});
export type WakePayload = z.infer<typeof WakePayload>;

/**
 * One wake-up per (conversation, until): snoozing again to another time makes a new job, and the
 * old key is derivable from the conversation's current `snoozedUntil`, so it can be cancelled.
 */
export const wakeKey = (conversationId: string, until: number) =>
  `${WAKE_JOB}:${conversationId}:${until}`;

/**
 * Reopens a conversation that is still snoozed until exactly `until`. Anything that ended or moved
 * the snooze since (another status, an inbound message, a new snooze) makes this a no-op, so a
 * wake-up that outlived its snooze changes nothing. Takes the conversation's row lock.
 */
export async function wakeConversation(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  payload: WakePayload,
  now: number,
): Promise<Conversation | null> {
  const row = await trx
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', payload.conversationId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  const c = conversationFromRow(row);
  if (c.status !== 'snoozed' || c.snoozedUntil !== payload.until) return null;
  const next: Conversation = {
    ...c,
    status: 'open',
    snoozedUntil: null,
    version: c.version + 1,
    updatedAt: now,
  };
  const { id: _id, ...update } = conversationToRow(next);
  await trx.updateTable('conversations').set(update).where('id', '=', c.id).execute();
  changes.push({
    entity: 'conversation',
    entityId: c.id,
    op: 'put',
    teamId: c.teamId,
    assigneeId: c.assigneeId,
    data: next,
  });
  return next;
}

export function registerWakeJob(deps: { registry: JobRegistry; write: Writer }) {
  if (deps.registry.get(WAKE_JOB)) return;
  deps.registry.register(WAKE_JOB, {
    payload: WakePayload,
    async run(payload, ctx) {
      await deps.write(async (trx, changes) => {
        // The conversation's lock first, then the job's (complete): the order commands use too.
        await wakeConversation(trx, changes, payload, Date.now());
        await ctx.complete(trx);
      });
    },
  });
}
