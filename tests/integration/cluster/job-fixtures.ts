import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src-hub/store/schema.ts';

/** The entry script of a hub node that runs the `test.record` job kind. */
export const JOB_NODE = fileURLToPath(new URL('./job-node.ts', import.meta.url));

/** Created by the test before any node starts, so no job can run before its table exists. */
export async function createJobRunsTable(db: Kysely<Database>) {
  await sql`create table if not exists test_job_runs (
    id bigserial primary key,
    job_id text not null,
    node text not null,
    attempt integer not null,
    phase text not null check (phase in ('start', 'effect')),
    at timestamptz not null default now()
  )`.execute(db);
}

export interface JobRun {
  job_id: string;
  node: string;
  attempt: number;
  phase: 'start' | 'effect';
}

export async function jobRuns(db: Kysely<Database>): Promise<JobRun[]> {
  const { rows } = await sql<JobRun>`
    select job_id, node, attempt, phase from test_job_runs order by id`.execute(db);
  return rows;
}

/** Per job: how many times its handler started and how many effects committed. */
export function countRuns(runs: readonly JobRun[]) {
  const byJob = new Map<string, { starts: JobRun[]; effects: JobRun[] }>();
  for (const r of runs) {
    const entry = byJob.get(r.job_id) ?? { starts: [], effects: [] };
    (r.phase === 'start' ? entry.starts : entry.effects).push(r);
    byJob.set(r.job_id, entry);
  }
  return byJob;
}

/** Polls `probe` until it returns true. */
export async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
