import { sql, type Kysely } from 'kysely';

/**
 * Canned responses (team-scoped or workspace-wide), per-user saved inbox views, and survey
 * responses. A shortcut is unique within its scope: the expression index folds the workspace-wide
 * scope (null team) into one key, which a plain unique constraint would treat as all distinct.
 * One survey answer per conversation and kind; a repeat replaces it.
 */
const statements = [
  `create table canned_responses (
    id text primary key,
    team_id text references teams(id),
    title text not null,
    shortcut text not null check (shortcut ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    body text not null,
    created_by text references users(id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create unique index canned_responses_scope_shortcut
    on canned_responses ((coalesce(team_id, '')), shortcut)`,
  `create index canned_responses_team on canned_responses (team_id)`,
  `create table saved_views (
    id text primary key,
    owner_id text not null references users(id),
    name text not null,
    filter jsonb not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index saved_views_owner on saved_views (owner_id, name)`,
  `create table survey_responses (
    id text primary key,
    kind text not null check (kind in ('csat', 'ces', 'nps')),
    score integer not null check (
      (kind = 'csat' and score between 1 and 5) or
      (kind = 'ces' and score between 1 and 7) or
      (kind = 'nps' and score between 0 and 10)
    ),
    comment text not null default '',
    conversation_id text not null references conversations(id),
    customer_id text not null references customers(id),
    agent_id text references users(id),
    team_id text not null references teams(id),
    created_at timestamptz not null,
    unique (conversation_id, kind)
  )`,
  `create index survey_responses_customer on survey_responses (customer_id)`,
  `create index survey_responses_team_time on survey_responses (team_id, created_at)`,
  `create index survey_responses_agent_time on survey_responses (agent_id, created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
