import { sql, type Kysely } from 'kysely';

/**
 * Scale-out: the job table every node polls (src-hub/jobs), and the attachment table of
 * @socket.io/postgres-adapter, which carries cross-node broadcasts too large for NOTIFY (8000
 * bytes). The attachment table is the adapter's documented schema; on PGlite it stays empty.
 */
const statements = [
  `create table jobs (
    id text primary key,
    kind text not null,
    run_at timestamptz not null,
    payload jsonb not null default '{}',
    dedupe_key text unique,
    attempts integer not null default 0,
    max_attempts integer not null check (max_attempts > 0),
    locked_by text,
    locked_until timestamptz,
    done_at timestamptz,
    dead_at timestamptz,
    last_error text,
    created_at timestamptz not null default now()
  )`,
  // Only unfinished jobs are ever polled, so the index stays as small as the backlog.
  `create index jobs_due on jobs (run_at, id) where done_at is null and dead_at is null`,
  `create table socket_io_attachments (
    id bigserial unique,
    created_at timestamptz default now(),
    payload bytea
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
