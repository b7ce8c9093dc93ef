import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { ConversationId, UserId } from '#shared/logic/ids.ts';
import { Priority } from '#shared/domain/conversation.ts';
import { AT_RISK_FRACTION, REPLY_TARGET_MS } from '#shared/logic/sla.ts';
import type { Database } from '../store/schema.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { JobScheduler } from '../jobs/scheduler.ts';
import type { ChangeInput } from './changes.ts';
import { notificationText, notify, type NotificationDraft } from './notifications.ts';
import type { Writer } from './writer.ts';

export const SWEEP_JOB = 'sla.sweep';
export const DEFAULT_SWEEP_MS = 30_000;

/**
 * Deadlines crossed longer ago than this are not announced: a hub that was down for a day, or a
 * workspace imported with old unanswered conversations, must not bury the team in alerts. The
 * inbox still shows their SLA badges.
 */
export const minLookbackMs = 10 * 60_000;

/** Past this many alerts for one person in one sweep, the rest become one summary. */
export const ALERTS_PER_PERSON = 5;

export type SlaPhase = 'at_risk' | 'breached';

export interface SlaAlert {
  conversationId: ConversationId;
  teamId: string;
  assigneeId: string | null;
  priority: Priority;
  dueAt: number;
  phase: SlaPhase;
}

/**
 * Conversations whose reply deadline (see src-shared/logic/sla.ts) entered its at-risk window or
 * passed within the lookback, with the phase they are in now. One range per priority over
 * `waiting_since`, so the partial index `conversations_waiting` answers it.
 */
async function crossed(trx: Transaction<Database>, now: number, lookbackMs: number) {
  const rows = await trx
    .selectFrom('conversations')
    .select(['id', 'team_id', 'assignee_id', 'priority', 'waiting_since'])
    .where('waiting_since', 'is not', null)
    .where('status', 'in', ['open', 'pending'])
    .where((eb) =>
      eb.or(
        Priority.options.map((p) => {
          const target = REPLY_TARGET_MS[p];
          return eb.and([
            eb('priority', '=', p),
            // at-risk from (due - fraction·target), announced only within the lookback of that
            eb('waiting_since', '>', new Date(now - target - lookbackMs)),
            eb('waiting_since', '<=', new Date(now - target * (1 - AT_RISK_FRACTION))),
          ]);
        }),
      ),
    )
    .execute();
  const alerts: SlaAlert[] = [];
  for (const r of rows) {
    const priority = Priority.parse(r.priority);
    const target = REPLY_TARGET_MS[priority];
    const dueAt = r.waiting_since!.getTime() + target;
    const phase: SlaPhase = now >= dueAt ? 'breached' : 'at_risk';
    // An at-risk window that opened before the lookback and has not closed is old news too.
    if (phase === 'at_risk' && dueAt - target * AT_RISK_FRACTION < now - lookbackMs) continue;
    alerts.push({
      conversationId: r.id as ConversationId,
      teamId: r.team_id,
      assigneeId: r.assignee_id,
      priority,
      dueAt,
      phase,
    });
  }
  return alerts;
}

/**
 * Announces every deadline that newly reached a phase: at risk tells the assignee (the team's
 * leads when nobody has it), breached tells the assignee and the leads. `sla_alerts` makes each
 * (conversation, deadline, phase) announced once, whichever node sweeps and however often.
 * Runs inside the caller's write, so the alerts and their notifications commit together.
 */
export async function sweepSla(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  opts: { now: number; lookbackMs?: number },
): Promise<SlaAlert[]> {
  const { now } = opts;
  const candidates = await crossed(trx, now, Math.max(opts.lookbackMs ?? 0, minLookbackMs));
  if (candidates.length === 0) return [];
  const claimed = await trx
    .insertInto('sla_alerts')
    .values(
      candidates.map((a) => ({
        conversation_id: a.conversationId,
        due_at: new Date(a.dueAt),
        phase: a.phase,
      })),
    )
    .onConflict((oc) => oc.columns(['conversation_id', 'due_at', 'phase']).doNothing())
    .returning(['conversation_id', 'phase'])
    .execute();
  const fresh = new Set(claimed.map((c) => `${c.conversation_id}:${c.phase}`));
  const alerts = candidates.filter((a) => fresh.has(`${a.conversationId}:${a.phase}`));
  if (alerts.length) await notify(trx, changes, await drafts(trx, alerts, now), now);
  return alerts;
}

async function drafts(trx: Transaction<Database>, alerts: SlaAlert[], now: number) {
  const teams = [...new Set(alerts.map((a) => a.teamId))];
  const leads = await trx
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .select(['team_members.team_id', 'users.id'])
    .where('team_members.team_id', 'in', teams)
    .where('users.role', '=', 'lead')
    .where('users.active', '=', true)
    .execute();
  const assignees = [...new Set(alerts.flatMap((a) => (a.assigneeId ? [a.assigneeId] : [])))];
  const active = new Set(
    assignees.length
      ? (
          await trx
            .selectFrom('users')
            .select('id')
            .where('id', 'in', assignees)
            .where('active', '=', true)
            .execute()
        ).map((u) => u.id)
      : [],
  );
  const perPerson = new Map<string, SlaAlert[]>();
  for (const a of alerts) {
    const owner = a.assigneeId && active.has(a.assigneeId) ? a.assigneeId : null;
    const teamLeads = leads.filter((l) => l.team_id === a.teamId).map((l) => l.id);
    const to = new Set(a.phase === 'breached' || !owner ? teamLeads : []);
    if (owner) to.add(owner);
    for (const userId of to) perPerson.set(userId, [...(perPerson.get(userId) ?? []), a]);
  }
  const out: NotificationDraft[] = [];
  for (const [userId, mine] of perPerson) {
    for (const phase of ['breached', 'at_risk'] as const) {
      const list = mine.filter((a) => a.phase === phase).sort((x, y) => x.dueAt - y.dueAt);
      const single = list.length <= ALERTS_PER_PERSON ? list : list.slice(0, ALERTS_PER_PERSON - 1);
      for (const a of single) {
        out.push({
          userId: userId as UserId,
          kind: phase === 'breached' ? 'sla.breached' : 'sla.at_risk',
          refs: { conversationId: a.conversationId },
          ...notificationText.sla({
            phase,
            priority: a.priority,
            dueAt: a.dueAt,
            mine: a.assigneeId === userId,
            now,
          }),
        });
      }
      const rest = list.slice(single.length);
      if (rest.length) {
        out.push({
          userId: userId as UserId,
          kind: phase === 'breached' ? 'sla.breached' : 'sla.at_risk',
          refs: { conversationId: rest[0]!.conversationId },
          ...notificationText.slaSummary({ phase, count: rest.length }),
        });
      }
    }
  }
  return out;
}

const SweepPayload = z.object({});

/**
 * The sweep runs every `sweepMs` on whichever node claims it. Each run first books the next one
 * (deduplicated per time slot, so nodes and retries never double it, and a run that fails for good
 * does not stop the chain), then sweeps in one write with the job's completion.
 */
export async function startSlaSweeps(deps: {
  registry: JobRegistry;
  scheduler: JobScheduler;
  write: Writer;
  sweepMs?: number;
  now?: () => number;
}) {
  const sweepMs = deps.sweepMs ?? DEFAULT_SWEEP_MS;
  const now = deps.now ?? Date.now;
  const slot = (t: number) => Math.ceil(t / sweepMs) * sweepMs;
  const book = (at: number) =>
    deps.scheduler.schedule(
      SWEEP_JOB,
      new Date(at),
      {},
      {
        dedupeKey: `${SWEEP_JOB}:${new Date(at).toISOString()}`,
        maxAttempts: 3,
      },
    );
  if (!deps.registry.get(SWEEP_JOB)) {
    deps.registry.register(SWEEP_JOB, {
      payload: SweepPayload,
      retryDelayMs: () => Math.min(sweepMs, 10_000),
      async run(_payload, ctx) {
        await book(slot(now() + 1));
        await deps.write(async (trx, changes) => {
          await sweepSla(trx, changes, { now: now(), lookbackMs: 3 * sweepMs });
          await ctx.complete(trx);
        });
      },
    });
  }
  await book(slot(now() + 1));
}

/** Finished sweeps and old alert records are only history; the retention job calls this. */
export async function pruneSlaHistory(db: Kysely<Database>, before: Date) {
  await db.deleteFrom('sla_alerts').where('created_at', '<', before).execute();
  await db
    .deleteFrom('jobs')
    .where('kind', '=', SWEEP_JOB)
    .where((eb) => eb.or([eb('done_at', '<', before), eb('dead_at', '<', before)]))
    .execute();
}
