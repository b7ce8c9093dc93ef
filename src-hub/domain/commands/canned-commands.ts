import { sql } from 'kysely';
import type { CannedResponse } from '#shared/domain/canned-response.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { CannedMutatorName } from '#shared/mutators/definitions.ts';
import { cannedFromRow, cannedToRow } from '../records.ts';
import { canSee, type Viewer } from '../viewer.ts';
import type { CommandContext, Handler } from './conversation-commands.ts';

const NOT_FOUND = 'That canned response does not exist or is not visible to you.';

/**
 * Who may change a canned response in a scope: admins anywhere, leads in their own teams, and
 * nobody else. Everyone who can see a response may use it; seeing follows the team, like a
 * conversation without an assignee.
 */
function canManage(viewer: Viewer, teamId: string | null) {
  if (viewer.role === 'admin') return true;
  return viewer.role === 'lead' && teamId !== null && viewer.teamIds.includes(teamId);
}

const visible = (viewer: Viewer, teamId: string | null) =>
  canSee(viewer, { teamId, assigneeId: null });

function refuse(viewer: Viewer, teamId: string | null): never {
  if (viewer.role === 'agent')
    throw new PromptlyError('forbidden', 'Only team leads and admins manage canned responses.');
  throw new PromptlyError(
    'forbidden',
    teamId === null
      ? 'Only admins manage workspace-wide canned responses.'
      : 'Leads manage the canned responses of their own teams only.',
  );
}

/** Invisible is "not found" (an id from another team reveals nothing); visible but not ours to change is forbidden. */
async function lockExisting(ctx: CommandContext, id: string) {
  const row = await ctx.trx
    .selectFrom('canned_responses')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (row && !visible(ctx.viewer, row.team_id)) throw new PromptlyError('not_found', NOT_FOUND);
  if (row && !canManage(ctx.viewer, row.team_id)) refuse(ctx.viewer, row.team_id);
  return row ? cannedFromRow(row) : null;
}

/** The change-log audience of a scope: a team, or everyone (null). */
function scoped(c: CannedResponse, op: 'put' | 'delete') {
  return {
    entity: 'canned' as const,
    entityId: c.id,
    op,
    teamId: c.teamId,
    assigneeId: null,
    data: op === 'put' ? c : null,
  };
}

const save: Handler<'canned.save'> = async (ctx, args) => {
  const { trx, viewer, now } = ctx;
  const before = await lockExisting(ctx, args.cannedId);
  if (!before && viewer.role === 'agent') refuse(viewer, args.teamId);
  if (args.teamId !== null) {
    const team = await trx
      .selectFrom('teams')
      .select('id')
      .where('id', '=', args.teamId)
      .executeTakeFirst();
    if (!team) throw new PromptlyError('invalid_input', 'That team does not exist.');
  }
  if (!canManage(viewer, args.teamId)) refuse(viewer, args.teamId);

  const fields = {
    teamId: args.teamId,
    title: args.title,
    shortcut: args.shortcut,
    body: args.body,
  } as Pick<CannedResponse, 'teamId' | 'title' | 'shortcut' | 'body'>;
  if (
    before &&
    (Object.keys(fields) as (keyof typeof fields)[]).every((k) => before[k] === fields[k])
  )
    return;

  // Writers to one scope queue here, so the shortcut check below cannot race another save; the
  // unique index stays as the backstop.
  const scope = args.teamId ?? '';
  await sql`select pg_advisory_xact_lock(hashtext(${`canned:${scope}`}))`.execute(trx);
  const clash = await trx
    .selectFrom('canned_responses')
    .select('id')
    .where((eb) => eb(eb.fn.coalesce('team_id', eb.val('')), '=', scope))
    .where('shortcut', '=', args.shortcut)
    .where('id', '!=', args.cannedId)
    .executeTakeFirst();
  if (clash)
    throw new PromptlyError(
      'conflict',
      `The shortcut "${args.shortcut}" is already used ${args.teamId === null ? 'workspace-wide' : 'in this team'}.`,
    );

  const next: CannedResponse = before
    ? { ...before, ...fields, updatedAt: now, version: before.version + 1 }
    : { id: args.cannedId, ...fields, createdAt: now, updatedAt: now, version: 1 };
  if (before) {
    const { id: _id, created_by: _by, ...row } = cannedToRow(next, null);
    await trx.updateTable('canned_responses').set(row).where('id', '=', next.id).execute();
  } else {
    // Two first saves of one id racing from different scopes: the primary key decides.
    const inserted = await trx
      .insertInto('canned_responses')
      .values(cannedToRow(next, viewer.userId))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new PromptlyError('conflict', 'That canned response was just created.');
  }
  // Moving scope: whoever could see the old one loses it first; the new audience then gets it.
  if (before && before.teamId !== next.teamId) ctx.changes.push(scoped(before, 'delete'));
  ctx.changes.push(scoped(next, 'put'));
};

const remove: Handler<'canned.delete'> = async (ctx, args) => {
  const before = await lockExisting(ctx, args.cannedId);
  if (!before) throw new PromptlyError('not_found', NOT_FOUND);
  await ctx.trx.deleteFrom('canned_responses').where('id', '=', before.id).execute();
  ctx.changes.push(scoped(before, 'delete'));
};

export const cannedCommands: { [N in CannedMutatorName]: Handler<N> } = {
  'canned.save': save,
  'canned.delete': remove,
};
