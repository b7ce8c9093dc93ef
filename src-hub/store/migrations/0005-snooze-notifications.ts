import { sql, type Kysely } from 'kysely';

/**
 * Snooze wake-ups and notifications. `snoozed_until` is null for every existing row, including
 * conversations snoozed before snoozing had a wake time: they stay snoozed until someone acts.
 * Notifications are read per recipient, newest first, hence the (user_id, created_at) index.
 */
const statements = [
  `alter table conversations add column snoozed_until timestamptz`,
  `create table notifications (
    id text primary key,
    user_id text not null references users(id),
    kind text not null check (kind in ('callback.missed', 'mention', 'assignment')),
    title text not null,
    body text not null default '',
    refs jsonb not null,
    created_at timestamptz not null,
    read_at timestamptz
  )`,
  `create index notifications_user on notifications (user_id, created_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
