import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { CallbackPromise } from '#shared/domain/callback.ts';
import { missPromise, promiseDeadline } from '#shared/domain/callback-lifecycle.ts';
import type { Database } from '../store/schema.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { ChangeInput } from './changes.ts';
import { putCallback } from './callbacks.ts';
import { notificationText, notify, type NotificationDraft } from './notifications.ts';
import { callbackFromRow, callbackToRow } from './records.ts';
import type { Writer } from './writer.ts';

export const MISSED_JOB = 'callback.mark-missed';

/**
 * How long after its deadline an unkept promise is marked missed: an agent who is on the phone
 * at the minute the window closes should get to press "kept" before their lead is told.
 */
export const CALLBACK_MISSED_GRACE_MS = 15 * 60_000;

export const MissedPayload = z.object({
  promiseId: z.string().max(64),
  /** The promise's version when this deadline was set: any later change makes the job a no-op. */
  version: z.number().int().nonnegative(),
});
export type MissedPayload = z.infer<typeof MissedPayload>;

/** One deadline per promise version: a reschedule gets a new job and cancels the old one. */
export const missedKey = (promiseId: string, version: number) =>
  `${MISSED_JOB}:${promiseId}:${version}`;

export const missedRunAt = (p: CallbackPromise, graceMs: number) =>
  new Date(promiseDeadline(p) + graceMs);

/**
 * Marks a promise missed if it is still scheduled at the version the deadline was set for, and
 * tells its owner and the leads of its conversation's team. Takes the promise's row lock, the lock
 * every promise command takes first, so a "kept" racing the deadline is applied wholly before or
 * wholly after this. Returns the missed promise, or null when there was nothing to do.
 */
export async function markMissed(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  payload: MissedPayload,
  now: number,
): Promise<CallbackPromise | null> {
  const row = await trx
    .selectFrom('callback_promises')
    .innerJoin('conversations', 'conversations.id', 'callback_promises.conversation_id')
    .selectAll('callback_promises')
    .select('conversations.team_id as team_id')
    .where('callback_promises.id', '=', payload.promiseId)
    .forUpdate('callback_promises')
    .executeTakeFirst();
  if (!row || row.status !== 'scheduled' || row.version !== payload.version) return null;
  const p = callbackFromRow(row);
  const missed = missPromise(p, now);
  const { id: _id, ...update } = callbackToRow(missed);
  await trx.updateTable('callback_promises').set(update).where('id', '=', p.id).execute();
  putCallback(changes, missed, row.team_id);
  await notify(trx, changes, await escalation(trx, p, row.team_id), now);
  return missed;
}

/** The owner and every active lead of the team, once each, whether or not they are online. */
async function escalation(
  trx: Transaction<Database>,
  p: CallbackPromise,
  teamId: string,
): Promise<NotificationDraft[]> {
  const leads = await trx
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select('users.id')
    .where('team_members.team_id', '=', teamId)
    .where('users.role', '=', 'lead')
    .where('users.active', '=', true)
    .orderBy('users.id')
    .execute();
  const owner = await trx
    .selectFrom('users')
    .select(['id', 'name', 'active'])
    .where('id', '=', p.ownerId)
    .executeTakeFirst();
  const recipients = new Set(leads.map((l) => l.id));
  if (owner?.active) recipients.add(owner.id);
  const refs = { conversationId: p.conversationId, promiseId: p.id };
  return [...recipients].map((userId) => ({
    userId: userId as NotificationDraft['userId'],
    kind: 'callback.missed',
    refs,
    ...notificationText.callbackMissed({
      ownerName: owner?.name ?? 'A colleague',
      forOwner: userId === p.ownerId,
      deadline: promiseDeadline(p),
    }),
  }));
}

export function registerMissedJob(deps: { registry: JobRegistry; write: Writer }) {
  if (deps.registry.get(MISSED_JOB)) return;
  deps.registry.register(MISSED_JOB, {
    payload: MissedPayload,
    async run(payload, ctx) {
      await deps.write(async (trx, changes) => {
        // The promise's lock first, then the job's (complete): the order commands use too.
        await markMissed(trx, changes, payload, Date.now());
        await ctx.complete(trx);
      });
    },
  });
}
