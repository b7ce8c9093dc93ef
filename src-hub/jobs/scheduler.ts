import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import type { Database } from '../store/schema.ts';
import { DEFAULT_MAX_ATTEMPTS, type JobRegistry } from './registry.ts';

export interface ScheduleOptions {
  /**
   * Names one logical job (e.g. `callback.mark-missed:<promise id>:<version>`). While a job with
   * this key exists, pending or finished, scheduling it again is a no-op; only cancel() frees it.
   */
  dedupeKey?: string;
  maxAttempts?: number;
  /** Schedule inside the caller's write transaction, so the job exists exactly if that commits. */
  trx?: Transaction<Database>;
}

export interface ScheduleResult {
  /** The job's id, or the existing job's id when the dedupe key was taken. */
  id: string;
  /** False when the dedupe key was taken and nothing was scheduled. */
  created: boolean;
}

export interface JobSchedulerDeps {
  db: Kysely<Database>;
  /** When given, unknown kinds and payloads their kind refuses are rejected at schedule time. */
  registry?: JobRegistry;
}

export function createJobScheduler(deps: JobSchedulerDeps) {
  return {
    async schedule(
      kind: string,
      runAt: Date,
      payload: unknown,
      options: ScheduleOptions = {},
    ): Promise<ScheduleResult> {
      const definition = deps.registry?.get(kind);
      if (deps.registry && !definition) throw new Error(`unknown job kind: ${kind}`);
      const parsed = definition ? definition.payload.parse(payload) : payload;
      const db = options.trx ?? deps.db;
      const id = formatUuidV7(Date.now(), randomBytes(10));
      const inserted = await db
        .insertInto('jobs')
        .values({
          id,
          kind,
          run_at: runAt,
          payload: JSON.stringify(parsed ?? {}),
          dedupe_key: options.dedupeKey ?? null,
          max_attempts: options.maxAttempts ?? definition?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        })
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return { id: inserted.id, created: true };
      const existing = await db
        .selectFrom('jobs')
        .select('id')
        .where('dedupe_key', '=', options.dedupeKey ?? '')
        .executeTakeFirstOrThrow();
      return { id: existing.id, created: false };
    },

    /**
     * Removes an unfinished job (e.g. a reminder whose promise was kept). A node running it at that
     * moment finds its claim gone and its completion rolled back. Returns whether a job was removed.
     */
    async cancel(dedupeKey: string, options: { trx?: Transaction<Database> } = {}) {
      const deleted = await (options.trx ?? deps.db)
        .deleteFrom('jobs')
        .where('dedupe_key', '=', dedupeKey)
        .where('done_at', 'is', null)
        .where('dead_at', 'is', null)
        .executeTakeFirst();
      return Number(deleted.numDeletedRows) > 0;
    },
  };
}

export type JobScheduler = ReturnType<typeof createJobScheduler>;
