import { sql, type Kysely } from 'kysely';

/**
 * Structured customer preferences (what they like, what to avoid). Existing customers get empty
 * lists, which is what the record's schema defaults to as well.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table customers add column preferences jsonb not null default '{"likes":[],"avoid":[]}'::jsonb`.execute(
    db,
  );
}
