import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../store/schema.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { JobScheduler } from '../jobs/scheduler.ts';
import { pruneSlaHistory } from './sla-alerts.ts';

const PRUNED_THROUGH = 'changes.pruned_through';
const DAY_MS = 86_400_000;

/** Highest seq removed from the change log; a cursor below it cannot be followed any more. */
export async function prunedThrough(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', PRUNED_THROUGH)
    .executeTakeFirst();
  const value: unknown = typeof row?.value === 'string' ? JSON.parse(row.value) : row?.value;
  return typeof value === 'number' ? value : 0;
}

/**
 * Drops change-log rows older than `keepDays`. Desktops bootstrap from snapshots, so the log only
 * has to cover how long a desktop may stay away; one that was gone longer resyncs cleanly.
 */
export async function pruneChanges(
  db: Kysely<Database>,
  opts: { keepDays: number; now?: number },
): Promise<number> {
  const before = new Date((opts.now ?? Date.now()) - opts.keepDays * DAY_MS);
  return db.transaction().execute(async (trx) => {
    const edge = await trx
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('created_at', '<', before)
      .executeTakeFirst();
    const through = Number(edge?.seq ?? 0);
    if (through <= (await prunedThrough(trx))) return 0;
    const deleted = await trx
      .deleteFrom('changes')
      .where('seq', '<=', String(through))
      .executeTakeFirst();
    await trx
      .insertInto('settings')
      .values({ key: PRUNED_THROUGH, value: JSON.stringify(through) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` }))
      .execute();
    return Number(deleted.numDeletedRows ?? 0);
  });
}

/** Registers the daily prune and makes sure one is scheduled (deduplicated per day, any node). */
export async function scheduleRetention(deps: {
  db: Kysely<Database>;
  registry: JobRegistry;
  scheduler: JobScheduler;
  keepDays: number;
}) {
  const key = (t: number) => `changes.prune:${new Date(t).toISOString().slice(0, 10)}`;
  if (!deps.registry.get('changes.prune')) {
    deps.registry.register('changes.prune', {
      payload: z.object({}),
      run: async () => {
        await pruneChanges(deps.db, { keepDays: deps.keepDays });
        await pruneSlaHistory(deps.db, new Date(Date.now() - deps.keepDays * DAY_MS));
        const next = Date.now() + DAY_MS;
        await deps.scheduler.schedule(
          'changes.prune',
          new Date(next),
          {},
          { dedupeKey: key(next) },
        );
      },
    });
  }
  const first = Date.now() + 60 * 60_000;
  await deps.scheduler.schedule('changes.prune', new Date(first), {}, { dedupeKey: key(first) });
}
