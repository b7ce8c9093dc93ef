import { sql, type Kysely } from 'kysely';

/**
 * The change-log position below which a user's desktop must start over: set when they lose sight
 * of data (removed from a team, a narrower role), since their cache may hold what they no longer
 * may read and the log only ever adds.
 */
const statements = [`alter table users add column resync_before bigint not null default 0`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
