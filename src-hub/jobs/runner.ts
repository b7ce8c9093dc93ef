import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import {
  defaultRetryDelayMs,
  JobClaimLost,
  type JobContext,
  type JobDefinition,
  type JobRegistry,
} from './registry.ts';

export interface JobRunnerDeps {
  db: Kysely<Database>;
  registry: JobRegistry;
  log: (message: string, detail?: Record<string, unknown>) => void;
  /** Shows up in `jobs.locked_by` (with a per-claim suffix). Default: host and pid. */
  nodeId?: string;
  /** How often an idle runner looks for due jobs. Default 1 s. */
  pollMs?: number;
  /**
   * How long a claim lasts without renewal. A live runner renews it every third of that while the
   * handler runs, so this is how long a job waits after its node died before another node retries.
   * Default 30 s.
   */
  leaseMs?: number;
  /** Jobs run at once on this node. Default 4. */
  concurrency?: number;
  /** How long stop() waits for running handlers before abandoning them to lease expiry. */
  stopGraceMs?: number;
}

interface ClaimedRow {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  run_at: Date;
}

/**
 * Polls the jobs table and runs due jobs. A job is claimed by one short statement
 * (`… FOR UPDATE SKIP LOCKED`), so two nodes never claim it together; the claim is a lease with a
 * token, and finishing, rescheduling or renewing is fenced by that token and the attempt number,
 * so a node whose lease lapsed (paused, partitioned) can no longer finish a job another node took.
 */
export function createJobRunner(deps: JobRunnerDeps) {
  const { db, registry, log } = deps;
  const pollMs = deps.pollMs ?? 1_000;
  const leaseMs = deps.leaseMs ?? 30_000;
  const concurrency = deps.concurrency ?? 4;
  const stopGraceMs = deps.stopGraceMs ?? 10_000;
  const nodeId = deps.nodeId ?? `${hostname()}:${process.pid}`;

  const running = new Map<string, { done: Promise<void>; abort: AbortController }>();
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  let stopped = true;

  const newToken = () => `${nodeId}/${randomBytes(6).toString('hex')}`;
  const lease = () => sql<Date>`now() + ${`${leaseMs} milliseconds`}::interval`;

  async function claim(limit: number): Promise<{ token: string; rows: ClaimedRow[] }> {
    const token = newToken();
    // One statement is one transaction: the row locks taken by the subquery are held until the
    // update commits, and rows another node has locked are skipped rather than waited for.
    const result = await sql<ClaimedRow>`
      update jobs set locked_by = ${token}, locked_until = ${lease()}, attempts = jobs.attempts + 1
      from (
        select id from jobs
        where done_at is null and dead_at is null and run_at <= now()
          and (locked_until is null or locked_until < now())
        order by run_at, id
        limit ${limit}
        for update skip locked
      ) due
      where jobs.id = due.id
      returning jobs.id, jobs.kind, jobs.payload, jobs.attempts, jobs.max_attempts, jobs.run_at
    `.execute(db);
    return { token, rows: result.rows };
  }

  /** The row as this claim left it, or nothing once the claim is gone. */
  const fenced = (
    q: Kysely<Database> | Transaction<Database>,
    id: string,
    token: string,
    attempt: number,
  ) =>
    q
      .updateTable('jobs')
      .where('id', '=', id)
      .where('locked_by', '=', token)
      .where('attempts', '=', attempt)
      .where('done_at', 'is', null)
      .where('dead_at', 'is', null);

  async function finish(
    q: Kysely<Database> | Transaction<Database>,
    row: ClaimedRow,
    token: string,
  ): Promise<boolean> {
    const updated = await fenced(q, row.id, token, row.attempts)
      .set({ done_at: sql<Date>`now()`, locked_by: null, locked_until: null, last_error: null })
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  async function fail(row: ClaimedRow, token: string, error: unknown, permanent: boolean) {
    const message = String((error as Error)?.stack ?? error).slice(0, 4_000);
    const definition = registry.get(row.kind);
    const dead = permanent || row.attempts >= row.max_attempts;
    const delay = (definition?.retryDelayMs ?? defaultRetryDelayMs)(row.attempts);
    const updated = await fenced(db, row.id, token, row.attempts)
      .set(
        dead
          ? { dead_at: sql<Date>`now()`, locked_by: null, locked_until: null, last_error: message }
          : {
              run_at: sql<Date>`now() + ${`${Math.max(0, delay)} milliseconds`}::interval`,
              locked_by: null,
              locked_until: null,
              last_error: message,
            },
      )
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return;
    log(dead ? 'job gave up' : 'job failed, will retry', {
      id: row.id,
      kind: row.kind,
      attempt: row.attempts,
      error: message,
    });
  }

  async function run(row: ClaimedRow, token: string, abort: AbortController) {
    const renew = setInterval(
      () => {
        fenced(db, row.id, token, row.attempts)
          .set({ locked_until: lease() })
          .executeTakeFirst()
          .then(
            (r) => {
              if (Number(r.numUpdatedRows) === 0) abort.abort(new JobClaimLost(row.id));
            },
            (error: unknown) =>
              log('job lease renewal failed', { id: row.id, error: String(error) }),
          );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      const definition: JobDefinition<unknown> | undefined = registry.get(row.kind);
      if (!definition) {
        await fail(row, token, new Error(`no handler registered for job kind ${row.kind}`), false);
        return;
      }
      const raw =
        typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload;
      const parsed = definition.payload.safeParse(raw);
      if (!parsed.success) {
        await fail(row, token, parsed.error, true);
        return;
      }
      let completed = false;
      const ctx: JobContext = {
        id: row.id,
        kind: row.kind,
        attempt: row.attempts,
        runAt: row.run_at,
        signal: abort.signal,
        async complete(trx) {
          if (!(await finish(trx, row, token))) throw new JobClaimLost(row.id);
          completed = true;
        },
      };
      try {
        await definition.run(parsed.data, ctx);
      } catch (error) {
        if (error instanceof JobClaimLost || abort.signal.aborted) {
          log('job abandoned: its claim was lost or the node is stopping', { id: row.id });
          return;
        }
        await fail(row, token, error, false);
        return;
      }
      // complete() may have run in a transaction that then rolled back, so finishing is idempotent
      // on the fence instead of trusting the flag alone.
      if (!(await finish(db, row, token)) && !completed) {
        log('job finished after its claim was lost; another node may have run it too', {
          id: row.id,
          kind: row.kind,
        });
      }
    } catch (error) {
      log('job bookkeeping failed', { id: row.id, error: String(error) });
    } finally {
      clearInterval(renew);
    }
  }

  async function tick() {
    const free = concurrency - running.size;
    if (free <= 0) return;
    const { token, rows } = await claim(free);
    for (const row of rows) {
      const abort = new AbortController();
      const done = run(row, token, abort).finally(() => running.delete(row.id));
      running.set(row.id, { done, abort });
    }
    return rows.length === free ? 'more' : 'idle';
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      ticking = tick().then(
        (state) => {
          ticking = null;
          schedule(state === 'more' ? 0 : pollMs);
        },
        (error: unknown) => {
          ticking = null;
          log('job poll failed', { error: String(error) });
          schedule(pollMs);
        },
      );
    }, delay);
  }

  return {
    nodeId,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    /** Stops claiming; waits for running handlers up to the grace period, then abandons them. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await ticking?.catch(() => undefined);
      const all = Promise.allSettled([...running.values()].map((r) => r.done));
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => {
        graceTimer = setTimeout(() => resolve('timeout'), stopGraceMs);
      });
      const outcome = await Promise.race([all, grace]);
      clearTimeout(graceTimer);
      if (outcome === 'timeout') {
        for (const r of running.values()) r.abort.abort(new Error('hub is stopping'));
        log('stopped with jobs still running; their claims lapse and another node retries them', {
          ids: [...running.keys()],
        });
      }
    },
    /** One poll now, for tests and for callers that just scheduled something due. */
    async runOnce(): Promise<void> {
      await tick();
    },
    /** Resolves when every job this node is running has settled. */
    async idle(): Promise<void> {
      await Promise.allSettled([...running.values()].map((r) => r.done));
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
