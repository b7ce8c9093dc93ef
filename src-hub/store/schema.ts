import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; the SQL that creates them lives in ./migrations. */
/** Both pg and PGlite return timestamptz as Date and accept Date on insert. */
type Timestamp = Date;
type Json<T> = ColumnType<T, string, string>;

export interface TeamsTable {
  id: string;
  name: string;
  created_at: Generated<Timestamp>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'agent' | 'lead' | 'admin';
  password_hash: string;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Cursors below this seq must resync (see migration 0009); bigint, read as a string. */
  resync_before: Generated<string>;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Generated<Timestamp>;
  last_seen_at: Generated<Timestamp>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CustomersTable {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timezone: string | null;
  company: string | null;
  notes: string;
  /** `{ likes, avoid }`; the column defaults to empty lists (migration 0007). */
  preferences: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConversationsTable {
  id: string;
  customer_id: string;
  channel: string;
  subject: string;
  status: string;
  priority: string;
  tags: string[];
  team_id: string;
  assignee_id: string | null;
  first_message_id: string | null;
  preview: string;
  last_message_at: Timestamp;
  waiting_since: Timestamp | null;
  /** Set exactly while the conversation is snoozed with a wake time (migration 0005). */
  snoozed_until: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  customer_id: string;
  direction: string;
  channel: string;
  author_type: string;
  author_id: string | null;
  author_name: string;
  text: string;
  html: string | null;
  attachments: Json<unknown[]>;
  call: Json<unknown> | null;
  delivery_status: string;
  mentions: Generated<string[]>;
  handoff: Generated<boolean>;
  created_at: Timestamp;
}

export interface MutationsTable {
  id: string;
  user_id: string;
  name: string;
  result: Json<unknown>;
  created_at: Generated<Timestamp>;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Timestamp>;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  detail: Json<unknown>;
}

export interface ChangesTable {
  seq: Generated<string>;
  entity: string;
  entity_id: string;
  op: 'put' | 'delete';
  /** Null: visible to every signed-in user (directory data such as teams and agents). */
  team_id: string | null;
  assignee_id: string | null;
  /** When set, only these users see the row, whatever their team or role. */
  target_users: string[] | null;
  data: Json<unknown> | null;
  created_at: Generated<Timestamp>;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
}

export interface JobsTable {
  id: string;
  kind: string;
  run_at: Timestamp;
  payload: Json<unknown>;
  /** Names one logical job: scheduling the same key again is a no-op, even once it has run. */
  dedupe_key: string | null;
  /** Claims so far, including the one in progress. */
  attempts: Generated<number>;
  max_attempts: number;
  /** The claim token of the node running it; with attempts, the fence for finishing it. */
  locked_by: string | null;
  /** The claim lapses here unless its holder renews it, so a dead node's job runs elsewhere. */
  locked_until: Timestamp | null;
  done_at: Timestamp | null;
  /** Given up after max_attempts failures (or a payload its handler refuses). */
  dead_at: Timestamp | null;
  last_error: string | null;
  created_at: Generated<Timestamp>;
}

export interface CustomerIdentitiesTable {
  id: string;
  customer_id: string;
  kind: 'email' | 'phone' | 'chat_visitor' | 'social';
  value: string;
  created_at: Timestamp;
}

export interface CallbackPromisesTable {
  id: string;
  conversation_id: string;
  customer_id: string;
  owner_id: string;
  channel: string;
  due_at: Timestamp;
  window_end_at: Timestamp | null;
  timezone: string | null;
  note: string;
  status: 'scheduled' | 'kept' | 'missed' | 'cancelled';
  history: Json<unknown[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: 'callback.missed' | 'mention' | 'assignment' | 'sla.at_risk' | 'sla.breached';
  title: string;
  body: string;
  refs: Json<unknown>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

/** One announced reply deadline per conversation, deadline and phase (migration 0010). */
export interface SlaAlertsTable {
  conversation_id: string;
  due_at: Timestamp;
  phase: 'at_risk' | 'breached';
  created_at: Generated<Timestamp>;
}

export interface CannedResponsesTable {
  id: string;
  /** Null: workspace-wide. */
  team_id: string | null;
  title: string;
  shortcut: string;
  body: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface SavedViewsTable {
  id: string;
  owner_id: string;
  name: string;
  filter: Json<unknown>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: number;
}

export interface SurveyResponsesTable {
  id: string;
  kind: 'csat' | 'ces' | 'nps';
  score: number;
  comment: string;
  conversation_id: string;
  customer_id: string;
  agent_id: string | null;
  team_id: string;
  created_at: Timestamp;
}

export interface Database {
  teams: TeamsTable;
  users: UsersTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  customers: CustomersTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  changes: ChangesTable;
  settings: SettingsTable;
  mutations: MutationsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  customer_identities: CustomerIdentitiesTable;
  callback_promises: CallbackPromisesTable;
  notifications: NotificationsTable;
  canned_responses: CannedResponsesTable;
  saved_views: SavedViewsTable;
  survey_responses: SurveyResponsesTable;
  sla_alerts: SlaAlertsTable;
}
