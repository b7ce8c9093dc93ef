import { Dexie, type EntityTable } from 'dexie';
import type { Agent, SessionUser, Team } from '#shared/domain/user.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Message } from '#shared/domain/message.ts';
import type { Identity } from '#shared/domain/identity.ts';
import type { CallbackPromise } from '#shared/domain/callback.ts';
import type { Notification } from '#shared/domain/notification.ts';
import type { CannedResponse } from '#shared/domain/canned-response.ts';
import type { SavedView } from '#shared/domain/view.ts';
import type { SurveyResponse } from '#shared/domain/survey.ts';
import type { MutatorName } from '#shared/mutators/definitions.ts';
import type { ErrorCode } from '#shared/logic/ack.ts';
import { buildSearchIndex } from './search-index.ts';

/** Local-only bookkeeping rows, keyed by name. */
export interface MetaValues {
  cursor: number;
  lastSyncAt: number;
  me: SessionUser;
  /** How far this desktop has shown notifications (features/notifications/new-notifications.ts). */
  notifiedUpTo: { since: number; at: number; seen: Array<{ id: string; createdAt: number }> };
  /** Records a snapshot stored that the search index does not cover yet (search-backlog.ts). */
  searchBacklog: SearchBacklog;
}

/**
 * Where the deferred indexing of a bootstrap stands: tables are walked in order, each newest id
 * first, and `after` is the last id indexed in `stage` (null: not started).
 */
export interface SearchBacklog {
  stage: 'customers' | 'conversations' | 'messages';
  after: string | null;
  /** Records indexed so far, and how many there were to index (0: not counted yet). */
  done: number;
  total: number;
}
export type MetaKey = keyof MetaValues;
export type MetaRow = { [K in MetaKey]: { key: K; value: MetaValues[K] } }[MetaKey];

/**
 * A mutation waiting for the hub, local-only. `seq` is the local order the flusher sends in;
 * `id` is the mutation id the hub deduplicates on.
 */
export interface OutboxRow {
  seq?: number;
  id: string;
  name: MutatorName;
  args: unknown;
  createdAt: number;
  attempts: number;
  status: 'pending' | 'rejected';
  error: { code: ErrorCode; message: string } | null;
}

/** Local-only: when this desktop last showed a conversation, for the inbox's unread marks. */
export interface ReadMark {
  conversationId: string;
  readAt: number;
}

/** Local-only: what an agent was writing in a conversation, kept across restarts until sent. */
export interface Draft {
  conversationId: string;
  mode: 'reply' | 'note';
  text: string;
  updatedAt: number;
}

/**
 * Local-only search rows, derived from server records (see search-index.ts). `id` is the record's
 * id: a message, or a conversation for its subject. Ids are UUIDv7, so key order is age order.
 */
export interface SearchRow {
  id: string;
  /** The conversation the hit opens. */
  c: string;
  /** Folded tokens, multiEntry-indexed for prefix search. */
  w: string[];
}

/** Local-only: a customer's name words, email addresses and phone digit suffixes. */
export interface CustomerSearchRow {
  id: string;
  w: string[];
}

export type PromptlyDb = Dexie & {
  conversations: EntityTable<Conversation, 'id'>;
  messages: EntityTable<Message, 'id'>;
  customers: EntityTable<Customer, 'id'>;
  agents: EntityTable<Agent, 'id'>;
  teams: EntityTable<Team, 'id'>;
  identities: EntityTable<Identity, 'id'>;
  callbacks: EntityTable<CallbackPromise, 'id'>;
  notifications: EntityTable<Notification, 'id'>;
  canned: EntityTable<CannedResponse, 'id'>;
  views: EntityTable<SavedView, 'id'>;
  surveys: EntityTable<SurveyResponse, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
  reads: EntityTable<ReadMark, 'conversationId'>;
  drafts: EntityTable<Draft, 'conversationId'>;
  outbox: EntityTable<OutboxRow, 'seq'>;
  searchText: EntityTable<SearchRow, 'id'>;
  searchCustomers: EntityTable<CustomerSearchRow, 'id'>;
};

/** Tables the hub owns: on an incompatible schema change they are cleared and resynced. */
export const SERVER_TABLES = [
  'conversations',
  'messages',
  'customers',
  'agents',
  'teams',
  'identities',
  'callbacks',
  'notifications',
  'canned',
  'views',
  'surveys',
  // Not the hub's, but derived only from its records: cleared with them so search never finds a
  // record the cache no longer holds.
  'searchText',
  'searchCustomers',
] as const;

/**
 * One database per hub and user, so two accounts on one machine never see each other's cache.
 * The name hashes the hub URL rather than embedding it, to keep it short and filesystem-safe.
 */
export function databaseName(hubUrl: string, userId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < hubUrl.length; i++) {
    h ^= hubUrl.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `promptly-${h.toString(16).padStart(8, '0')}-${userId}`;
}

/**
 * Strict durability by default: when a write resolves, the outbox row is on disk, so a crash or a
 * reload right after the agent hits Send loses nothing. `relaxed` is only for writes that are
 * safe to lose and redo (see snapshot-bootstrap.ts); never for the outbox.
 */
export function openDb(name: string, opts: { durability?: 'strict' | 'relaxed' } = {}): PromptlyDb {
  const db = new Dexie(name, {
    chromeTransactionDurability: opts.durability ?? 'strict',
  }) as PromptlyDb;
  db.version(1).stores({
    conversations: 'id, lastMessageAt, [status+lastMessageAt], customerId, teamId, assigneeId',
    messages: 'id, [conversationId+createdAt], customerId',
    customers: 'id, name, email, phone',
    agents: 'id',
    teams: 'id',
    meta: 'key',
  });
  // v2 adds the local-only outbox; server tables are untouched, so no data moves.
  db.version(2).stores({ outbox: '++seq, &id, status' });
  // v3 adds two server tables; they start empty and fill from the log, so no data moves.
  db.version(3).stores({
    identities: 'id, customerId, [kind+value]',
    callbacks: 'id, conversationId, customerId, ownerId, [status+dueAt]',
  });
  // v4 adds notifications and gives conversations `snoozedUntil`. Cached conversations may have
  // been stored by a desktop that did not know the field (its schema stripped it), so no local
  // value can be trusted: server data is cleared and resynced, the outbox is kept and replays on top.
  db.version(4)
    .stores({ notifications: 'id, createdAt' })
    .upgrade(async (tx) => {
      // The server tables as of v4, by name: later versions' tables do not exist yet when this runs.
      const atV4 = [
        'conversations',
        'messages',
        'customers',
        'agents',
        'teams',
        'identities',
        'callbacks',
      ];
      await Promise.all(atV4.map((t) => tx.table(t).clear()));
      await tx.table('meta').delete('cursor');
    });
  // v5 adds canned responses, saved views and survey answers: new server tables that start empty
  // and fill from the snapshot or the log, so no data moves.
  db.version(5).stores({
    canned: 'id, shortcut, teamId',
    views: 'id, name',
    surveys: 'id, customerId, conversationId, [kind+createdAt]',
  });
  // v6 indexes who a note mentions (the Mentions view) and adds the local-only read marks.
  db.version(6).stores({
    messages: 'id, [conversationId+createdAt], customerId, *mentions',
    reads: 'conversationId',
  });
  // v7 adds the local search index and builds it from what is already cached.
  db.version(7)
    .stores({ searchText: 'id, *w', searchCustomers: 'id, *w' })
    .upgrade((tx) => buildSearchIndex(tx));
  // v8 adds local-only drafts.
  db.version(8).stores({ drafts: 'conversationId' });
  return db;
}

export async function readMeta<K extends MetaKey>(
  db: PromptlyDb,
  key: K,
): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}
