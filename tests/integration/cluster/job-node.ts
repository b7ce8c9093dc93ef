/**
 * A hub node for the job tests, run as a child process by hub-process.ts in place of src-hub/cli.ts
 * (same `serve` arguments). It is the real hub with one extra job kind, `test.record`, which logs
 * each start (outside any transaction) and its effect (in the transaction that completes the job)
 * to `test_job_runs`, a table the test creates before starting nodes.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { parseHubConfig } from '../../../src-hub/config.ts';
import { hubOptionsFromEnv, startHub } from '../../../src-hub/server.ts';
import { createJobRegistry } from '../../../src-hub/jobs/registry.ts';
import type { Database } from '../../../src-hub/store/schema.ts';

const node = process.env.PROMPTLY_NODE_ID ?? 'node';
let db: Kysely<Database> | null = null;

const registry = createJobRegistry();
registry.register('test.record', {
  payload: z.object({
    label: z.string(),
    /** Holds its claim (and renews it) until the process dies: the "killed mid-job" case. */
    hangOnFirstAttempt: z.boolean().default(false),
    workMs: z.number().int().nonnegative().default(0),
  }),
  maxAttempts: 5,
  retryDelayMs: () => 100,
  async run(payload, ctx) {
    if (!db) throw new Error('hub not started yet');
    const hub = db;
    await sql`insert into test_job_runs (job_id, node, attempt, phase)
      values (${ctx.id}, ${node}, ${ctx.attempt}, 'start')`.execute(hub);
    process.stdout.write(`job-start ${ctx.id} ${ctx.attempt} ${node}\n`);
    if (payload.hangOnFirstAttempt && ctx.attempt === 1) {
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      throw new Error('aborted');
    }
    if (payload.workMs) await new Promise((r) => setTimeout(r, payload.workMs));
    await hub.transaction().execute(async (trx) => {
      await sql`insert into test_job_runs (job_id, node, attempt, phase)
        values (${ctx.id}, ${node}, ${ctx.attempt}, 'effect')`.execute(trx);
      await ctx.complete(trx);
    });
    process.stdout.write(`job-done ${ctx.id} ${node}\n`);
  },
});

const config = parseHubConfig(process.argv.slice(3), process.env, { rendererDir: null });
const hub = await startHub(config, { ...hubOptionsFromEnv(process.env), jobs: registry });
db = hub.store.db;
process.stdout.write(`job-node ${node} ready on ${hub.url}\n`);
const stop = () => {
  hub.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
