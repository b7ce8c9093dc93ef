import type { Kysely } from 'kysely';
import type { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import type { Agent, Team } from '#shared/domain/user.ts';
import type { Database } from '../store/schema.ts';
import { headSeq } from './changes.ts';
import {
  conversationFromRow,
  customerFromRow,
  messageFromRow,
  notificationFromRow,
} from './records.ts';
import type { Viewer } from './viewer.ts';

const PAGE_CONVERSATIONS = 200;
/** A fresh desktop gets the user's latest notifications; older ones are history, not news. */
const SNAPSHOT_NOTIFICATIONS = 200;

/**
 * One page of a bootstrap snapshot: visible conversations active within the window, in id order,
 * with their threads and customers; the first page also carries the directory. The head recorded
 * on the first page is where the desktop follows the log from afterwards. Later pages may be newer
 * than that head; that is safe, because replaying the log re-applies whole records in order and
 * ends at the same state.
 */
export async function readSnapshotPage(
  db: Kysely<Database>,
  viewer: Viewer,
  args: { page?: string | undefined; windowDays: number },
  now = Date.now(),
): Promise<SyncSnapshotPage> {
  const [headPart, cutoffPart, after = ''] = args.page?.split('.') ?? [];
  const first = args.page === undefined;
  const head = first ? await headSeq(db) : Number(headPart);
  const cutoff = first ? now - args.windowDays * 86_400_000 : Number(cutoffPart);

  let query = db
    .selectFrom('conversations')
    .selectAll()
    .where('last_message_at', '>=', new Date(cutoff))
    .orderBy('id')
    .limit(PAGE_CONVERSATIONS + 1);
  if (after) query = query.where('id', '>', after);
  if (viewer.role !== 'admin') {
    const teams = viewer.teamIds.length > 0 ? [...viewer.teamIds] : [''];
    query = query.where((eb) =>
      eb.or([eb('team_id', 'in', teams), eb('assignee_id', '=', viewer.userId)]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, PAGE_CONVERSATIONS).map(conversationFromRow);
  const ids = page.map((c) => c.id);
  const customerIds = [...new Set(page.map((c) => c.customerId))];
  const [messages, customers] = await Promise.all([
    ids.length
      ? db.selectFrom('messages').selectAll().where('conversation_id', 'in', ids).execute()
      : [],
    customerIds.length
      ? db.selectFrom('customers').selectAll().where('id', 'in', customerIds).execute()
      : [],
  ]);
  const last = page[page.length - 1];
  return {
    conversations: page,
    messages: messages.map(messageFromRow),
    customers: customers.map(customerFromRow),
    ...(first ? await directory(db) : { agents: [], teams: [] }),
    notifications: first ? await latestNotifications(db, viewer) : [],
    cursor: head,
    nextPage: rows.length > PAGE_CONVERSATIONS && last ? `${head}.${cutoff}.${last.id}` : null,
  };
}

async function directory(db: Kysely<Database>): Promise<{ agents: Agent[]; teams: Team[] }> {
  const [users, members, teams] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'email', 'role', 'active']).execute(),
    db.selectFrom('team_members').selectAll().execute(),
    db.selectFrom('teams').select(['id', 'name']).execute(),
  ]);
  return {
    agents: users.map((u) => ({
      ...u,
      teamIds: members.filter((m) => m.user_id === u.id).map((m) => m.team_id),
    })) as Agent[],
    teams: teams as Team[],
  };
}

async function latestNotifications(db: Kysely<Database>, viewer: Viewer) {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('user_id', '=', viewer.userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(SNAPSHOT_NOTIFICATIONS)
    .execute();
  return rows.map(notificationFromRow);
}
