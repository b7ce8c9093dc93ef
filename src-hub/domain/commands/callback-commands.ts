import type { CallbackPromise } from '#shared/domain/callback.ts';
import {
  cancelPromise,
  dueTimeProblem,
  isOpenPromise,
  keepPromise,
  newPromise,
  reschedulePromise,
} from '#shared/domain/callback-lifecycle.ts';
import { HISTORY_MAX } from '#shared/domain/callback.ts';
import type { UserId } from '#shared/logic/ids.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { CallbackMutatorName } from '#shared/mutators/definitions.ts';
import { putCallback } from '../callbacks.ts';
import { callbackFromRow, callbackToRow } from '../records.ts';
import { canSee } from '../viewer.ts';
import { lockVisibleConversation } from './conversation-access.ts';
import type { CommandContext, Handler } from './conversation-commands.ts';

const NOT_FOUND = 'That promise does not exist or is not visible to you.';

function checkDue(ctx: CommandContext, dueAt: number, windowEndAt: number | undefined) {
  const problem = dueTimeProblem(ctx.now, dueAt, windowEndAt);
  if (problem) throw new PromptlyError('invalid_input', problem);
}

const promise: Handler<'callback.promise'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  checkDue(ctx, args.dueAt, args.windowEndAt);
  const clash = await ctx.trx
    .selectFrom('callback_promises')
    .select('id')
    .where('id', '=', args.promiseId)
    .executeTakeFirst();
  if (clash) throw new PromptlyError('conflict', 'A promise with that id already exists.');
  const customer = await ctx.trx
    .selectFrom('customers')
    .select('timezone')
    .where('id', '=', c.customerId)
    .executeTakeFirstOrThrow();
  const p = newPromise({
    id: args.promiseId,
    conversationId: c.id,
    customerId: c.customerId,
    ownerId: ctx.viewer.userId as UserId,
    channel: c.channel,
    dueAt: args.dueAt,
    windowEndAt: args.windowEndAt,
    timezone: customer.timezone,
    note: args.note,
    now: ctx.now,
  });
  await ctx.trx.insertInto('callback_promises').values(callbackToRow(p)).execute();
  putCallback(ctx.changes, p, c.teamId);
  await ctx.followUps.promiseOpen(ctx.trx, p);
};

/**
 * Loads a promise for a change by the viewer, holding its row lock. Invisible is "not found";
 * visible but not the viewer's to change (an agent touching a colleague's promise) is forbidden;
 * leads and admins may act for an owner who is away.
 */
async function lockForChange(ctx: CommandContext, id: string) {
  const row = await ctx.trx
    .selectFrom('callback_promises')
    .innerJoin('conversations', 'conversations.id', 'callback_promises.conversation_id')
    .selectAll('callback_promises')
    .select(['conversations.team_id as team_id', 'conversations.assignee_id as conv_assignee'])
    .where('callback_promises.id', '=', id)
    // Only the promise row: conversation writers never wait on it, so no lock cycle can form.
    .forUpdate('callback_promises')
    .executeTakeFirst();
  const { viewer } = ctx;
  const visible =
    row !== undefined &&
    (row.owner_id === viewer.userId ||
      canSee(viewer, { teamId: row.team_id, assigneeId: row.conv_assignee }));
  if (!row || !visible) throw new PromptlyError('not_found', NOT_FOUND);
  const p = callbackFromRow(row);
  if (p.ownerId !== viewer.userId && viewer.role === 'agent')
    throw new PromptlyError('forbidden', 'Only its owner or a lead can change this promise.');
  if (!isOpenPromise(p))
    throw new PromptlyError('conflict', `This promise is already ${p.status}.`);
  return { p, teamId: row.team_id };
}

/**
 * Stores the promise's next step and moves its deadline: the job set for the version it had is
 * dropped, and a promise still scheduled gets one for its new version.
 */
async function save(
  ctx: CommandContext,
  before: CallbackPromise,
  next: CallbackPromise,
  teamId: string,
) {
  const { id: _id, ...row } = callbackToRow(next);
  await ctx.trx.updateTable('callback_promises').set(row).where('id', '=', next.id).execute();
  putCallback(ctx.changes, next, teamId);
  await ctx.followUps.promiseSuperseded(ctx.trx, before.id, before.version);
  await ctx.followUps.promiseOpen(ctx.trx, next);
}

const by = (ctx: CommandContext) => ctx.viewer.userId as UserId;

const reschedule: Handler<'callback.reschedule'> = async (ctx, args) => {
  const { p, teamId } = await lockForChange(ctx, args.promiseId);
  // The last slot of the history is kept for the step that ends the promise (kept, cancelled or
  // the hub's "missed"), so a promise rescheduled to the limit can still be closed.
  if (p.history.length >= HISTORY_MAX - 1)
    throw new PromptlyError('conflict', 'This promise has been changed too many times.');
  checkDue(ctx, args.dueAt, args.windowEndAt);
  await save(ctx, p, reschedulePromise(p, args, by(ctx), ctx.now), teamId);
};

const complete: Handler<'callback.complete'> = async (ctx, args) => {
  const { p, teamId } = await lockForChange(ctx, args.promiseId);
  await save(ctx, p, keepPromise(p, by(ctx), ctx.now), teamId);
};

const cancel: Handler<'callback.cancel'> = async (ctx, args) => {
  const { p, teamId } = await lockForChange(ctx, args.promiseId);
  await save(ctx, p, cancelPromise(p, args.reason, by(ctx), ctx.now), teamId);
};

export const callbackCommands: { [N in CallbackMutatorName]: Handler<N> } = {
  'callback.promise': promise,
  'callback.reschedule': reschedule,
  'callback.complete': complete,
  'callback.cancel': cancel,
};
