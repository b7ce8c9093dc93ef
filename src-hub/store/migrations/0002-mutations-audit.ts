import { sql, type Kysely } from 'kysely';

/**
 * The mutation ledger (idempotent replay by client mutation id), explicit audiences on change-log
 * rows (a transfer must tell exactly the agents who lost access to drop their copy), mentions on
 * notes, and the audit log of permission-relevant actions.
 */
const statements = [
  `create table mutations (
    id text primary key,
    user_id text not null references users(id),
    name text not null,
    result jsonb not null,
    created_at timestamptz not null default now()
  )`,
  `create index mutations_user on mutations (user_id, created_at)`,
  `alter table changes add column target_users text[]`,
  `alter table messages add column mentions text[] not null default '{}'`,
  `create table audit_log (
    id bigserial primary key,
    at timestamptz not null default now(),
    actor_id text references users(id),
    action text not null,
    entity text not null,
    entity_id text not null,
    detail jsonb not null default '{}'
  )`,
  `create index audit_log_entity on audit_log (entity, entity_id, at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
