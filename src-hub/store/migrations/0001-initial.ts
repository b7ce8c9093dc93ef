import { sql, type Kysely } from 'kysely';

/**
 * One statement per entry: PGlite's query path (the extended protocol) takes a single statement,
 * and running them one by one inside the migrator's transaction works the same on PostgreSQL.
 */
const statements = [
  `create table teams (
    id text primary key,
    name text not null,
    created_at timestamptz not null default now()
  )`,
  `create table users (
    id text primary key,
    email text not null unique,
    name text not null,
    role text not null check (role in ('agent', 'lead', 'admin')),
    password_hash text not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create table team_members (
    team_id text not null references teams(id) on delete cascade,
    user_id text not null references users(id) on delete cascade,
    primary key (team_id, user_id)
  )`,
  `create index team_members_user on team_members (user_id)`,
  `create table sessions (
    token_hash text primary key,
    user_id text not null references users(id) on delete cascade,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz
  )`,
  `create index sessions_user on sessions (user_id)`,
  `create table customers (
    id text primary key,
    name text not null,
    email text,
    phone text,
    timezone text,
    company text,
    notes text not null default '',
    created_at timestamptz not null,
    updated_at timestamptz not null
  )`,
  `create table conversations (
    id text primary key,
    customer_id text not null references customers(id),
    channel text not null,
    subject text not null,
    status text not null,
    priority text not null,
    tags text[] not null default '{}',
    team_id text not null references teams(id),
    assignee_id text references users(id),
    first_message_id text,
    preview text not null default '',
    last_message_at timestamptz not null,
    waiting_since timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index conversations_activity on conversations (last_message_at desc, id desc)`,
  `create index conversations_team on conversations (team_id, last_message_at desc)`,
  `create index conversations_assignee on conversations (assignee_id, last_message_at desc)`,
  `create index conversations_customer on conversations (customer_id)`,
  `create table messages (
    id text primary key,
    conversation_id text not null references conversations(id),
    customer_id text not null references customers(id),
    direction text not null,
    channel text not null,
    author_type text not null,
    author_id text,
    author_name text not null,
    text text not null,
    html text,
    attachments jsonb not null default '[]',
    call jsonb,
    delivery_status text not null,
    created_at timestamptz not null
  )`,
  `create index messages_conversation on messages (conversation_id, created_at)`,
  `create table changes (
    seq bigserial primary key,
    entity text not null,
    entity_id text not null,
    op text not null check (op in ('put', 'delete')),
    team_id text,
    assignee_id text,
    data jsonb,
    created_at timestamptz not null default now()
  )`,
  `create index changes_team_seq on changes (team_id, seq)`,
  `create index changes_assignee_seq on changes (assignee_id, seq)`,
  `create table settings (
    key text primary key,
    value jsonb not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
