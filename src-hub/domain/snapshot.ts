import { sql, type Kysely, type Selectable } from 'kysely';
import type { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import type { CallbackPromise } from '#shared/domain/callback.ts';
import type { Agent, Team } from '#shared/domain/user.ts';
import type { Database, MessagesTable } from '../store/schema.ts';
import { headSeq } from './changes.ts';
import {
  callbackFromRow,
  cannedFromRow,
  conversationFromRow,
  customerFromRow,
  identityFromRow,
  messageFromRow,
  notificationFromRow,
  surveyFromRow,
  viewFromRow,
} from './records.ts';
import type { Viewer } from './viewer.ts';

const PAGE_CONVERSATIONS = 200;
/** A fresh desktop gets the user's latest notifications; older ones are history, not news. */
const SNAPSHOT_NOTIFICATIONS = 200;

/** Open promises a user may see; far above any real workload, so only a runaway is cut. */
const OPEN_PROMISES_MAX = 5000;

const teamsOf = (viewer: Viewer) => (viewer.teamIds.length > 0 ? [...viewer.teamIds] : ['']);

/**
 * One page of a bootstrap snapshot: visible conversations active within the window, in id order,
 * with their threads, customers (and their identities), promises and survey answers. The first
 * page also carries what does not hang off a conversation: the directory, the canned responses the
 * user may use, their saved views, and every open promise they may see, wherever its
 * conversation is (a reminder must not depend on the window). The head recorded on the first page
 * is where the desktop follows the log from afterwards. Later pages may be newer than that head;
 * that is safe, because replaying the log re-applies whole records in order and ends at the same
 * state.
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
    const teams = teamsOf(viewer);
    query = query.where((eb) =>
      eb.or([eb('team_id', 'in', teams), eb('assignee_id', '=', viewer.userId)]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, PAGE_CONVERSATIONS).map(conversationFromRow);
  const ids = page.map((c) => c.id);
  const open = first ? await openPromises(db, viewer) : [];
  const customerIds = [...new Set([...page, ...open].map((r) => r.customerId))];
  const [messages, customers, identities, callbacks, surveys] = await Promise.all([
    ids.length ? threadsOf(db, ids) : [],
    customerIds.length
      ? db.selectFrom('customers').selectAll().where('id', 'in', customerIds).execute()
      : [],
    customerIds.length
      ? db
          .selectFrom('customer_identities')
          .selectAll()
          .where('customer_id', 'in', customerIds)
          .execute()
      : [],
    ids.length
      ? db.selectFrom('callback_promises').selectAll().where('conversation_id', 'in', ids).execute()
      : [],
    ids.length
      ? db.selectFrom('survey_responses').selectAll().where('conversation_id', 'in', ids).execute()
      : [],
  ]);
  const promises = new Map<string, CallbackPromise>(open.map((p) => [p.id, p]));
  for (const row of callbacks) promises.set(row.id, callbackFromRow(row));
  const last = page[page.length - 1];
  return {
    conversations: page,
    messages: messages.map(messageFromRow),
    customers: customers.map(customerFromRow),
    identities: identities.map(identityFromRow),
    callbacks: [...promises.values()],
    surveys: surveys.map(surveyFromRow),
    ...(first
      ? { ...(await directory(db)), ...(await ownRecords(db, viewer)) }
      : { agents: [], teams: [], canned: [], views: [] }),
    notifications: first ? await latestNotifications(db, viewer) : [],
    cursor: head,
    nextPage: rows.length > PAGE_CONVERSATIONS && last ? `${head}.${cutoff}.${last.id}` : null,
  };
}

/**
 * The messages of a page's conversations, about two thousand rows. Aggregated to one JSON text in
 * the database: handing each row and column to JavaScript one by one took most of a page's time
 * (with PGlite about 250 of 350 ms), while the JSON comes back as one value. Its fields are the
 * row's columns, which `messageFromRow` maps as usual (timestamps as ISO text).
 */
async function threadsOf(db: Kysely<Database>, ids: readonly string[]) {
  const { rows } = await sql<{ rows: string }>`
    select coalesce(json_agg(m), '[]')::text as rows
    from messages m
    where m.conversation_id in (${sql.join(ids)})
  `.execute(db);
  return JSON.parse(rows[0]?.rows ?? '[]') as Selectable<MessagesTable>[];
}

/** Scheduled promises the viewer may see: the change log's rule (conversation scope, or owner). */
async function openPromises(db: Kysely<Database>, viewer: Viewer): Promise<CallbackPromise[]> {
  let query = db
    .selectFrom('callback_promises')
    .innerJoin('conversations', 'conversations.id', 'callback_promises.conversation_id')
    .selectAll('callback_promises')
    .where('callback_promises.status', '=', 'scheduled')
    .orderBy('callback_promises.due_at')
    .limit(OPEN_PROMISES_MAX);
  if (viewer.role !== 'admin') {
    const teams = teamsOf(viewer);
    query = query.where((eb) =>
      eb.or([
        eb('callback_promises.owner_id', '=', viewer.userId),
        eb('conversations.team_id', 'in', teams),
        eb('conversations.assignee_id', '=', viewer.userId),
      ]),
    );
  }
  return (await query.execute()).map(callbackFromRow);
}

/** The canned responses the viewer may use (their teams' and the workspace's), and their views. */
async function ownRecords(db: Kysely<Database>, viewer: Viewer) {
  let canned = db.selectFrom('canned_responses').selectAll().orderBy('id');
  if (viewer.role !== 'admin') {
    const teams = teamsOf(viewer);
    canned = canned.where((eb) => eb.or([eb('team_id', 'is', null), eb('team_id', 'in', teams)]));
  }
  const [cannedRows, viewRows] = await Promise.all([
    canned.execute(),
    db.selectFrom('saved_views').selectAll().where('owner_id', '=', viewer.userId).execute(),
  ]);
  return { canned: cannedRows.map(cannedFromRow), views: viewRows.map(viewFromRow) };
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
