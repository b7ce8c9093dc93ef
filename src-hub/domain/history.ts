import type { Kysely } from 'kysely';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { Database } from '../store/schema.ts';
import { conversationFromRow, messageFromRow } from './records.ts';
import type { Viewer } from './viewer.ts';

/** Older history is bounded per request; a customer with more is an outlier worth paging later. */
const MAX_CONVERSATIONS = 200;

/**
 * Every conversation of a customer the viewer may see, of any age, newest first, with their
 * threads. A desktop bootstraps only the recent window; this fills in the rest when the agent
 * opens the customer, so "last time" and the full timeline work offline afterwards.
 */
export async function readCustomerHistory(
  db: Kysely<Database>,
  viewer: Viewer,
  customerId: string,
): Promise<{ conversations: Conversation[]; messages: Message[] }> {
  let query = db
    .selectFrom('conversations')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('last_message_at', 'desc')
    .limit(MAX_CONVERSATIONS);
  if (viewer.role !== 'admin') {
    const teams = viewer.teamIds.length > 0 ? [...viewer.teamIds] : [''];
    query = query.where((eb) =>
      eb.or([eb('team_id', 'in', teams), eb('assignee_id', '=', viewer.userId)]),
    );
  }
  const conversations = (await query.execute()).map(conversationFromRow);
  const ids = conversations.map((c) => c.id);
  const messages = ids.length
    ? (
        await db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).execute()
      ).map(messageFromRow)
    : [];
  return { conversations, messages };
}
