import type { Kysely } from 'kysely';
import type { Conversation } from '#shared/domain/conversation.ts';
import { decodeActivityCursor, pageOf } from '#shared/logic/cursor.ts';
import type { Database } from '../store/schema.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { Message } from '#shared/domain/message.ts';
import { conversationFromRow, messageFromRow } from './records.ts';
import { canSee, type Viewer } from './viewer.ts';

/** Newest activity first, keyset-paged, only rows `viewer` may see. */
export async function listVisibleConversations(
  db: Kysely<Database>,
  viewer: Viewer,
  opts: { cursor?: string | undefined; limit: number },
): Promise<{ items: Conversation[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('conversations')
    .selectAll()
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit + 1);
  if (viewer.role !== 'admin') {
    const teams = viewer.teamIds.length > 0 ? [...viewer.teamIds] : [''];
    query = query.where((eb) =>
      eb.or([eb('team_id', 'in', teams), eb('assignee_id', '=', viewer.userId)]),
    );
  }
  const after = opts.cursor ? decodeActivityCursor(opts.cursor) : null;
  if (after) {
    const at = new Date(after.lastMessageAt);
    query = query.where((eb) =>
      eb.or([
        eb('last_message_at', '<', at),
        eb.and([eb('last_message_at', '=', at), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query.execute();
  return pageOf(rows.map(conversationFromRow), opts.limit);
}

/** One conversation with its whole thread, or not_found when it does not exist or is not visible. */
export async function readVisibleConversation(
  db: Kysely<Database>,
  viewer: Viewer,
  id: string,
): Promise<{ conversation: Conversation; messages: Message[] }> {
  const row = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canSee(viewer, { teamId: row.team_id, assigneeId: row.assignee_id })) {
    throw new PromptlyError(
      'not_found',
      'That conversation does not exist or is not visible to you.',
    );
  }
  const messages = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { conversation: conversationFromRow(row), messages: messages.map(messageFromRow) };
}
