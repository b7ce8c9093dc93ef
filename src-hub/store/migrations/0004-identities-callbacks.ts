import { sql, type Kysely } from 'kysely';

/**
 * Customer identities (one (kind, value) belongs to one customer, enforced by the database so two
 * nodes racing cannot both win) and promised callbacks. The job runner will poll scheduled
 * promises by due time, hence the (status, due_at) index.
 */
const statements = [
  `create table customer_identities (
    id text primary key,
    customer_id text not null references customers(id),
    kind text not null check (kind in ('email', 'phone', 'chat_visitor', 'social')),
    value text not null,
    created_at timestamptz not null,
    unique (kind, value)
  )`,
  `create index customer_identities_customer on customer_identities (customer_id)`,
  `create table callback_promises (
    id text primary key,
    conversation_id text not null references conversations(id),
    customer_id text not null references customers(id),
    owner_id text not null references users(id),
    channel text not null,
    due_at timestamptz not null,
    window_end_at timestamptz,
    timezone text,
    note text not null default '',
    status text not null check (status in ('scheduled', 'kept', 'missed', 'cancelled')),
    history jsonb not null default '[]',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1,
    check (window_end_at is null or window_end_at > due_at)
  )`,
  `create index callback_promises_status_due on callback_promises (status, due_at)`,
  `create index callback_promises_conversation on callback_promises (conversation_id)`,
  `create index callback_promises_customer on callback_promises (customer_id)`,
  `create index callback_promises_owner on callback_promises (owner_id, due_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
