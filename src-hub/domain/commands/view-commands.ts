import { VIEWS_PER_USER_MAX, type InboxFilter, type SavedView } from '#shared/domain/view.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { UserId } from '#shared/logic/ids.ts';
import type { ViewMutatorName } from '#shared/mutators/definitions.ts';
import { viewFromRow, viewToRow } from '../records.ts';
import type { CommandContext, Handler } from './conversation-commands.ts';

const NOT_FOUND = 'That view does not exist or is not yours.';

/**
 * Saved views are private: only the owner reads or changes one (admins included), and someone
 * else's id is "not found", never "forbidden", so ids reveal nothing. The change log sends each
 * view to its owner alone.
 */
async function lockOwn(ctx: CommandContext, id: string) {
  const row = await ctx.trx
    .selectFrom('saved_views')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (row && row.owner_id !== ctx.viewer.userId) throw new PromptlyError('not_found', NOT_FOUND);
  return row ? viewFromRow(row) : null;
}

/** Field by field: jsonb does not keep key order, so whole-object JSON would never compare equal. */
const sameFilter = (a: InboxFilter, b: InboxFilter) =>
  (Object.keys(b) as (keyof InboxFilter)[]).every(
    (k) => JSON.stringify(a[k]) === JSON.stringify(b[k]),
  );

function toOwner(v: SavedView, op: 'put' | 'delete') {
  return {
    entity: 'view' as const,
    entityId: v.id,
    op,
    teamId: null,
    assigneeId: null,
    targetUsers: [v.ownerId],
    data: op === 'put' ? v : null,
  };
}

const save: Handler<'view.save'> = async (ctx, args) => {
  const { trx, viewer, now } = ctx;
  const before = await lockOwn(ctx, args.viewId);
  if (before) {
    if (before.name === args.name && sameFilter(before.filter, args.filter)) return;
    const next: SavedView = {
      ...before,
      name: args.name,
      filter: args.filter,
      updatedAt: now,
      version: before.version + 1,
    };
    const { id: _id, owner_id: _owner, ...row } = viewToRow(next);
    await trx.updateTable('saved_views').set(row).where('id', '=', next.id).execute();
    ctx.changes.push(toOwner(next, 'put'));
    return;
  }
  // Serializes this user's creates on their user row, so two racing saves cannot pass the cap.
  await trx.selectFrom('users').select('id').where('id', '=', viewer.userId).forUpdate().execute();
  const { n } = await trx
    .selectFrom('saved_views')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('owner_id', '=', viewer.userId)
    .executeTakeFirstOrThrow();
  if (Number(n) >= VIEWS_PER_USER_MAX)
    throw new PromptlyError('conflict', `You already have ${VIEWS_PER_USER_MAX} saved views.`);
  const view: SavedView = {
    id: args.viewId,
    ownerId: viewer.userId as UserId,
    name: args.name,
    filter: args.filter,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  // A concurrent create of the same id by someone else: the primary key decides, quietly.
  const inserted = await trx
    .insertInto('saved_views')
    .values(viewToRow(view))
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new PromptlyError('not_found', NOT_FOUND);
  ctx.changes.push(toOwner(view, 'put'));
};

const remove: Handler<'view.delete'> = async (ctx, args) => {
  const before = await lockOwn(ctx, args.viewId);
  if (!before) throw new PromptlyError('not_found', NOT_FOUND);
  await ctx.trx.deleteFrom('saved_views').where('id', '=', before.id).execute();
  ctx.changes.push(toOwner(before, 'delete'));
};

export const viewCommands: { [N in ViewMutatorName]: Handler<N> } = {
  'view.save': save,
  'view.delete': remove,
};
