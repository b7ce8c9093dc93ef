import type { Change } from '#shared/domain/change.ts';
import type { SyncPoke, SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { takeCarried } from '#shared/logic/carried.ts';
import { Dexie } from 'dexie';
import { readMeta, type PromptlyDb, type SERVER_TABLES } from './db.ts';
import {
  rebasePending,
  rebasePendingCallbacks,
  rebasePendingReads,
  rebasePendingViews,
} from './optimistic.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { Identity } from '#shared/domain/identity.ts';
import {
  indexConversations,
  indexMessages,
  reindexCustomers,
  unindexRecords,
} from './search-index.ts';
import { BACKLOG_START } from './search-backlog.ts';

type Entity = Change['entity'];
const TABLE: Record<Entity, (typeof SERVER_TABLES)[number]> = {
  conversation: 'conversations',
  message: 'messages',
  customer: 'customers',
  agent: 'agents',
  team: 'teams',
  identity: 'identities',
  callback: 'callbacks',
  notification: 'notifications',
  canned: 'canned',
  view: 'views',
  survey: 'surveys',
};

/**
 * Collapses a page to the final state of each record (a later change to the same id wins), so
 * each table gets exactly one bulkPut and one bulkDelete.
 */
export function collapse(changes: readonly Change[]) {
  const puts = new Map<Entity, Map<string, unknown>>();
  const deletes = new Map<Entity, Set<string>>();
  for (const c of changes) {
    const id = c.op === 'put' ? c.data.id : c.id;
    const p = puts.get(c.entity) ?? new Map<string, unknown>();
    const d = deletes.get(c.entity) ?? new Set<string>();
    puts.set(c.entity, p);
    deletes.set(c.entity, d);
    if (c.op === 'put') {
      p.set(id, c.data);
      d.delete(id);
    } else {
      d.add(id);
      p.delete(id);
    }
  }
  return { puts, deletes };
}

/**
 * Applies one pulled page and advances the cursor in ONE Dexie transaction: either the page and
 * its cursor are both stored, or neither is, so a crash or reload mid-sync never skips a change.
 * Pending outbox mutations are re-applied on top in the same transaction, so an agent's unsent
 * work never flickers away when fresher server data lands.
 */
export async function applyPage(
  db: PromptlyDb,
  changes: readonly Change[],
  cursor: number,
  now: number,
) {
  // An async callback, not one returning a promise: Dexie keeps its transaction zone across
  // native awaits only for functions it can tell are async.
  await db.transaction('rw', pageTables(db), async () => {
    await storePage(db, changes, cursor, now);
  });
}

export interface AppliedPokes {
  cursor: number;
  count: number;
  /** A poke did not continue the stored cursor: pull. */
  needsPull: boolean;
}

/**
 * Applies the changes pokes carried, exactly like a pulled page: the stored cursor is read and
 * advanced in the same transaction that stores them, so two appliers (a pull and a poke, or two
 * windows) can never apply a push on top of a cursor it does not continue.
 */
export async function applyCarriedPokes(
  db: PromptlyDb,
  pokes: readonly SyncPoke[],
  now: number,
): Promise<AppliedPokes> {
  return db.transaction('rw', pageTables(db), async () => {
    const stored = (await readMeta(db, 'cursor')) ?? 0;
    const taken = takeCarried(stored, pokes);
    if (taken.cursor !== stored) await storePage(db, taken.changes, taken.cursor, now);
    return { cursor: taken.cursor, count: taken.changes.length, needsPull: taken.needsPull };
  });
}

function pageTables(db: PromptlyDb) {
  return [
    db.conversations,
    db.messages,
    db.customers,
    db.agents,
    db.teams,
    db.identities,
    db.callbacks,
    db.notifications,
    db.canned,
    db.views,
    db.surveys,
    db.meta,
    db.outbox,
    db.searchText,
    db.searchCustomers,
  ];
}

/** Stores a page and its cursor; runs inside a transaction over pageTables. */
async function storePage(db: PromptlyDb, changes: readonly Change[], cursor: number, now: number) {
  const { puts, deletes } = collapse(changes);
  // Whose search row to rebuild; a deleted identity names its customer only before it is gone.
  const customers = new Set<string>([
    ...(puts.get('customer')?.keys() ?? []),
    ...(deletes.get('customer') ?? []),
  ]);
  for (const i of (puts.get('identity')?.values() ?? []) as Iterable<Identity>)
    customers.add(i.customerId);
  const goneIdentities = [...(deletes.get('identity') ?? [])] as Identity['id'][];
  if (goneIdentities.length) {
    for (const i of await db.identities.bulkGet(goneIdentities)) if (i) customers.add(i.customerId);
  }
  for (const [entity, rows] of puts) {
    if (rows.size) await db.table(TABLE[entity]).bulkPut([...rows.values()]);
  }
  for (const [entity, ids] of deletes) {
    if (ids.size) await db.table(TABLE[entity]).bulkDelete([...ids]);
  }
  // A conversation taken away (transfer, reassignment) takes its thread and survey answers with
  // it. Its promises stay: their owner keeps seeing them wherever the conversation goes.
  for (const id of deletes.get('conversation') ?? []) {
    const thread = db.messages
      .where('[conversationId+createdAt]')
      .between([id, Dexie.minKey], [id, Dexie.maxKey]);
    await unindexRecords(db, [id, ...(await thread.primaryKeys())]);
    await thread.delete();
    await db.surveys.where('conversationId').equals(id).delete();
  }
  await indexMessages(db, [...(puts.get('message')?.values() ?? [])] as Message[]);
  await unindexRecords(db, [...(deletes.get('message') ?? [])]);
  await indexConversations(db, [...(puts.get('conversation')?.values() ?? [])] as Conversation[]);
  await reindexCustomers(db, customers);
  const touched = new Set(puts.get('conversation')?.keys() ?? []);
  if (touched.size) await rebasePending(db, await readMeta(db, 'me'), touched);
  if (puts.has('callback')) await rebasePendingCallbacks(db, await readMeta(db, 'me'));
  if (puts.has('notification')) await rebasePendingReads(db);
  if (puts.has('view')) await rebasePendingViews(db, await readMeta(db, 'me'));
  await db.meta.bulkPut([
    { key: 'cursor', value: cursor },
    { key: 'lastSyncAt', value: now },
  ]);
}

/**
 * Stores one bootstrap snapshot page. The cursor is written only with the last page: a bootstrap
 * interrupted halfway leaves the cursor at 0, so the next attempt simply starts the snapshot again
 * (every write here is an idempotent put). The search index is not built here but afterwards, in
 * chunks (search-backlog.ts): the last page starts that walk over everything the pages stored.
 */
export async function applySnapshotPage(
  db: PromptlyDb,
  page: SyncSnapshotPage,
  now: number,
  opts: { first?: boolean } = {},
) {
  const tables = [
    db.conversations,
    db.messages,
    db.customers,
    db.agents,
    db.teams,
    db.identities,
    db.callbacks,
    db.canned,
    db.views,
    db.surveys,
    db.notifications,
    db.meta,
  ];
  await db.transaction('rw', tables, async () => {
    if (page.conversations.length) await db.conversations.bulkPut(page.conversations);
    if (page.messages.length) await db.messages.bulkPut(page.messages);
    if (page.customers.length) await db.customers.bulkPut(page.customers);
    if (page.agents.length) await db.agents.bulkPut(page.agents);
    if (page.teams.length) await db.teams.bulkPut(page.teams);
    if (page.notifications.length) await db.notifications.bulkPut(page.notifications);
    if (page.identities.length) await db.identities.bulkPut(page.identities);
    if (page.callbacks.length) await db.callbacks.bulkPut(page.callbacks);
    if (page.surveys.length) await db.surveys.bulkPut(page.surveys);
    if (page.canned.length) await db.canned.bulkPut(page.canned);
    if (page.views.length) await db.views.bulkPut(page.views);
    // From the first page on, search can say its index is still being built.
    if (opts.first || page.nextPage === null)
      await db.meta.put({ key: 'searchBacklog', value: BACKLOG_START });
    if (page.nextPage === null) {
      await db.meta.bulkPut([
        { key: 'cursor', value: page.cursor },
        { key: 'lastSyncAt', value: now },
      ]);
    }
  });
}
