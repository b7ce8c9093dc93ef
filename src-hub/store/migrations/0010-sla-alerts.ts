import { sql, type Kysely } from 'kysely';

/**
 * SLA alerts. `sla_alerts` remembers which reply deadline of which conversation has been announced
 * at which phase, so a sweep on any node tells people exactly once per deadline and phase, and a
 * new deadline (the customer wrote again, the priority changed) can be announced afresh.
 * The partial index serves the sweep: only conversations someone is waiting on, by priority and
 * how long they have waited.
 */
const statements = [
  `create table sla_alerts (
    conversation_id text not null references conversations(id) on delete cascade,
    due_at timestamptz not null,
    phase text not null check (phase in ('at_risk', 'breached')),
    created_at timestamptz not null default now(),
    primary key (conversation_id, due_at, phase)
  )`,
  `create index sla_alerts_created on sla_alerts (created_at)`,
  `create index conversations_waiting on conversations (priority, waiting_since)
    where waiting_since is not null and status in ('open', 'pending')`,
  `alter table notifications drop constraint notifications_kind_check`,
  `alter table notifications add constraint notifications_kind_check
    check (kind in ('callback.missed', 'mention', 'assignment', 'sla.at_risk', 'sla.breached'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
