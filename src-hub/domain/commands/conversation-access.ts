import type { Transaction } from 'kysely';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Database } from '../../store/schema.ts';
import { conversationFromRow } from '../records.ts';
import { canSee, type Viewer } from '../viewer.ts';

/**
 * Loads a conversation for a write, holding its row lock until the transaction ends, so two agents
 * changing one conversation are applied one after the other in a single, final order. Anything the
 * viewer may not see is "not found": an id from another team reveals nothing, not even existence.
 */
export async function lockVisibleConversation(
  trx: Transaction<Database>,
  viewer: Viewer,
  id: string,
): Promise<Conversation> {
  const row = await trx
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row || !canSee(viewer, { teamId: row.team_id, assigneeId: row.assignee_id })) {
    throw new PromptlyError(
      'not_found',
      'That conversation does not exist or is not visible to you.',
    );
  }
  return conversationFromRow(row);
}

/** Non-admin users who can see a conversation scoped to this team and assignee. */
export async function audienceOf(
  trx: Transaction<Database>,
  scope: { teamId: string; assigneeId: string | null },
): Promise<Set<string>> {
  const members = await trx
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select('users.id')
    .where('team_members.team_id', '=', scope.teamId)
    .where('users.role', '!=', 'admin')
    .execute();
  const out = new Set(members.map((m) => m.id));
  if (scope.assigneeId) {
    const assignee = await trx
      .selectFrom('users')
      .select('role')
      .where('id', '=', scope.assigneeId)
      .executeTakeFirst();
    if (assignee && assignee.role !== 'admin') out.add(scope.assigneeId);
  }
  return out;
}
