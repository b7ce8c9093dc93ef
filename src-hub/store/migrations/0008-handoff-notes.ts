import { sql, type Kysely } from 'kysely';

/** Marks the internal notes written during a handoff, which the next agent sees pinned. */
const statements = [`alter table messages add column handoff boolean not null default false`];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
