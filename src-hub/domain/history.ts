import type { Kysely } from 'kysely';
import type { CustomerHistory } from '#shared/contracts/socket.ts';
import type { Database } from '../store/schema.ts';
import {
  callbackFromRow,
  conversationFromRow,
  customerFromRow,
  identityFromRow,
  messageFromRow,
  surveyFromRow,
} from './records.ts';
import type { Viewer } from './viewer.ts';

/** Older history is bounded per request; a customer with more is an outlier worth paging later. */
const MAX_CONVERSATIONS = 200;

/**
 * Every conversation of a customer the viewer may see, of any age, newest first, with their
 * threads, promises and survey answers, and the customer as they are now. A desktop bootstraps
 * only the recent window; this fills in the rest when the agent opens the customer, so "last
 * time", kept and missed promises, CSAT and the full timeline work offline afterwards.
 */
export async function readCustomerHistory(
  db: Kysely<Database>,
  viewer: Viewer,
  customerId: string,
): Promise<CustomerHistory> {
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
  if (ids.length === 0)
    return {
      conversations,
      messages: [],
      customer: null,
      identities: [],
      callbacks: [],
      surveys: [],
    };
  const [messages, customer, identities, callbacks, surveys] = await Promise.all([
    db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).execute(),
    db.selectFrom('customers').selectAll().where('id', '=', customerId).executeTakeFirst(),
    db
      .selectFrom('customer_identities')
      .selectAll()
      .where('customer_id', '=', customerId)
      .execute(),
    db.selectFrom('callback_promises').selectAll().where('conversation_id', 'in', ids).execute(),
    db.selectFrom('survey_responses').selectAll().where('conversation_id', 'in', ids).execute(),
  ]);
  return {
    conversations,
    messages: messages.map(messageFromRow),
    customer: customer ? customerFromRow(customer) : null,
    identities: identities.map(identityFromRow),
    callbacks: callbacks.map(callbackFromRow),
    surveys: surveys.map(surveyFromRow),
  };
}
