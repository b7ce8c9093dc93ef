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
import { callbackFromRow, callbackToRow } from '../records.ts';
import { canSee } from '../viewer.ts';
import { lockVisibleConversation } from './conversation-access.ts';
import type { CommandContext, Handler } from './conversation-commands.ts';

const NOT_FOUND = 'That promise does not exist or is not visible to you.';

/**
 * A promise is seen by its conversation's team and by its owner (who may have left that team), so
 * the change log scopes it to (conversation team, owner). The team is read fresh on every write:
 * after a transfer the next change follows the conversation.
 */
function putCallback(ctx: CommandContext, p: CallbackPromise, teamId: string) {
  ctx.changes.push({
    entity: 'callback',
    entityId: p.id,
    op: 'put',
    teamId,
    assigneeId: p.ownerId,
    data: p,
  });
}

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
  putCallback(ctx, p, c.teamId);
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
  if (p.history.length >= HISTORY_MAX)
    throw new PromptlyError('conflict', 'This promise has been changed too many times.');
  return { p, teamId: row.team_id };
}

async function save(ctx: CommandContext, next: CallbackPromise, teamId: string) {
  const { id: _id, ...row } = callbackToRow(next);
  await ctx.trx.updateTable('callback_promises').set(row).where('id', '=', next.id).execute();
  putCallback(ctx, next, teamId);
}

const by = (ctx: CommandContext) => ctx.viewer.userId as UserId;

const reschedule: Handler<'callback.reschedule'> = async (ctx, args) => {
  const { p, teamId } = await lockForChange(ctx, args.promiseId);
  checkDue(ctx, args.dueAt, args.windowEndAt);
  await save(ctx, reschedulePromise(p, args, by(ctx), ctx.now), teamId);
};

const complete: Handler<'callback.complete'> = async (ctx, args) => {
  const { p, teamId } = await lockForChange(ctx, args.promiseId);
  await save(ctx, keepPromise(p, by(ctx), ctx.now), teamId);
};

const cancel: Handler<'callback.cancel'> = async (ctx, args) => {
  const { p, teamId } = await lockForChange(ctx, args.promiseId);
  await save(ctx, cancelPromise(p, args.reason, by(ctx), ctx.now), teamId);
};

export const callbackCommands: { [N in CallbackMutatorName]: Handler<N> } = {
  'callback.promise': promise,
  'callback.reschedule': reschedule,
  'callback.complete': complete,
  'callback.cancel': cancel,
};
