import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { openStore, type Store } from '../../../src-hub/store/database.ts';
import { createJobRegistry, JobClaimLost } from '../../../src-hub/jobs/registry.ts';
import { createJobRunner } from '../../../src-hub/jobs/runner.ts';
import { createJobScheduler } from '../../../src-hub/jobs/scheduler.ts';
import { createTestDatabase, startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { countRuns, createJobRunsTable, JOB_NODE, jobRuns, until } from './job-fixtures.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
const past = () => new Date(Date.now() - 1_000);
const quietLog = () => {};

const jobRow = (store: Store, id: string) =>
  store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('job runner in one process', () => {
  let store: Store;
  let drop: (() => Promise<void>) | null = null;

  beforeAll(async () => {
    if (adminUrl) {
      const database = await createTestDatabase(adminUrl, 'jobs');
      drop = database.drop;
      store = await openStore({ engine: 'postgres', url: database.url });
    } else {
      store = await openStore({ engine: 'pglite', dataDir: null });
    }
    await createJobRunsTable(store.db);
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  const record = (jobId: string, phase: 'start' | 'effect', node = 'local', attempt = 1) =>
    sql`insert into test_job_runs (job_id, node, attempt, phase)
      values (${jobId}, ${node}, ${attempt}, ${phase})`;

  it('schedules a dedupe key once, validates kind and payload, and cancel frees the key', async () => {
    const registry = createJobRegistry();
    registry.register('test.noop', { payload: z.object({ n: z.number() }), run: async () => {} });
    const scheduler = createJobScheduler({ db: store.db, registry });
    const a = await scheduler.schedule('test.noop', past(), { n: 1 }, { dedupeKey: 'k1' });
    const b = await scheduler.schedule('test.noop', past(), { n: 2 }, { dedupeKey: 'k1' });
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    const rows = await store.db
      .selectFrom('jobs')
      .selectAll()
      .where('dedupe_key', '=', 'k1')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toEqual({ n: 1 });
    await expect(scheduler.schedule('test.unknown', past(), {})).rejects.toThrow(
      /unknown job kind/,
    );
    await expect(scheduler.schedule('test.noop', past(), { n: 'x' })).rejects.toThrow();
    expect(await scheduler.cancel('k1')).toBe(true);
    expect(await scheduler.cancel('k1')).toBe(false);
    expect(
      (await scheduler.schedule('test.noop', past(), { n: 3 }, { dedupeKey: 'k1' })).created,
    ).toBe(true);
    await store.db.deleteFrom('jobs').execute();
  });

  it('runs due jobs once, leaves future ones, retries failures with backoff, then gives up', async () => {
    const registry = createJobRegistry();
    const ran: string[] = [];
    registry.register('test.ok', {
      payload: z.object({ label: z.string() }),
      run: async (p) => {
        ran.push(p.label);
      },
    });
    registry.register('test.fail', {
      payload: z.object({}),
      maxAttempts: 3,
      retryDelayMs: () => 0,
      run: async () => {
        throw new Error('upstream said no');
      },
    });
    const scheduler = createJobScheduler({ db: store.db, registry });
    const runner = createJobRunner({ db: store.db, registry, log: quietLog, concurrency: 10 });
    const due = await scheduler.schedule('test.ok', past(), { label: 'due' });
    const later = await scheduler.schedule('test.ok', new Date(Date.now() + 3_600_000), {
      label: 'later',
    });
    const failing = await scheduler.schedule('test.fail', past(), {});
    // A payload the handler's schema refuses (written behind the scheduler's back) dies at once.
    await store.db
      .insertInto('jobs')
      .values({
        id: '01900000-0000-7000-8000-000000000001',
        kind: 'test.ok',
        run_at: past(),
        payload: JSON.stringify({ label: 42 }),
        max_attempts: 5,
      })
      .execute();

    for (let i = 0; i < 4; i++) {
      await runner.runOnce();
      await runner.idle();
    }
    expect(ran).toEqual(['due']);
    expect(await jobRow(store, due.id)).toMatchObject({ attempts: 1, locked_by: null });
    expect((await jobRow(store, due.id)).done_at).toBeInstanceOf(Date);
    expect(await jobRow(store, later.id)).toMatchObject({ attempts: 0, done_at: null });
    const dead = await jobRow(store, failing.id);
    expect(dead).toMatchObject({ attempts: 3, done_at: null, locked_by: null });
    expect(dead.dead_at).toBeInstanceOf(Date);
    expect(dead.last_error).toContain('upstream said no');
    const refused = await jobRow(store, '01900000-0000-7000-8000-000000000001');
    expect(refused.attempts).toBe(1);
    expect(refused.dead_at).toBeInstanceOf(Date);
    await store.db.deleteFrom('jobs').execute();
  });

  it('waits the retry delay before running a failed job again', async () => {
    const registry = createJobRegistry();
    let calls = 0;
    registry.register('test.flaky', {
      payload: z.object({}),
      retryDelayMs: () => 60_000,
      run: async () => {
        calls++;
        throw new Error('flaky');
      },
    });
    const runner = createJobRunner({ db: store.db, registry, log: quietLog });
    const job = await createJobScheduler({ db: store.db }).schedule('test.flaky', past(), {});
    for (let i = 0; i < 3; i++) {
      await runner.runOnce();
      await runner.idle();
    }
    expect(calls).toBe(1);
    const row = await jobRow(store, job.id);
    expect(row.run_at.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(row).toMatchObject({ attempts: 1, dead_at: null, done_at: null });
    await store.db.deleteFrom('jobs').execute();
  });

  it('fences a node whose claim lapsed: its transactional effect rolls back, the job runs once', async () => {
    const registry = createJobRegistry();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const outcomes: string[] = [];
    registry.register('test.fenced', {
      payload: z.object({ slow: z.boolean() }),
      async run(p, ctx) {
        if (p.slow && ctx.attempt === 1) await gate;
        try {
          await store.db.transaction().execute(async (trx) => {
            await record(ctx.id, 'effect', `attempt-${ctx.attempt}`, ctx.attempt).execute(trx);
            await ctx.complete(trx);
          });
          outcomes.push(`attempt ${ctx.attempt}: done`);
        } catch (error) {
          outcomes.push(
            `attempt ${ctx.attempt}: ${error instanceof JobClaimLost ? 'lost' : 'error'}`,
          );
          throw error;
        }
      },
    });
    const a = createJobRunner({ db: store.db, registry, log: quietLog, nodeId: 'a' });
    const b = createJobRunner({ db: store.db, registry, log: quietLog, nodeId: 'b' });
    const job = await createJobScheduler({ db: store.db }).schedule('test.fenced', past(), {
      slow: true,
    });
    await a.runOnce(); // a claims it and stalls (a GC pause, a partition …)
    expect((await jobRow(store, job.id)).locked_by).toMatch(/^a\//);
    await b.runOnce();
    await b.idle();
    expect(outcomes).toEqual([]); // b may not take a claim that has not lapsed
    await store.db
      .updateTable('jobs')
      .set({ locked_until: new Date(Date.now() - 1_000) })
      .where('id', '=', job.id)
      .execute();
    await b.runOnce();
    await b.idle();
    release();
    await a.idle();
    expect(outcomes).toEqual(['attempt 2: done', 'attempt 1: lost']);
    const runs = countRuns(await jobRuns(store.db)).get(job.id);
    expect(runs?.effects.map((r) => r.node)).toEqual(['attempt-2']);
    expect(await jobRow(store, job.id)).toMatchObject({ attempts: 2, locked_by: null });
    await store.db.deleteFrom('jobs').execute();
  });

  it('stop() waits for a running job and claims nothing afterwards', async () => {
    const registry = createJobRegistry();
    const done: string[] = [];
    registry.register('test.slow', {
      payload: z.object({ label: z.string() }),
      run: async (p) => {
        await new Promise((r) => setTimeout(r, 300));
        done.push(p.label);
      },
    });
    const scheduler = createJobScheduler({ db: store.db });
    const runner = createJobRunner({ db: store.db, registry, log: quietLog, pollMs: 20 });
    const first = await scheduler.schedule('test.slow', past(), { label: 'first' });
    runner.start();
    await until('the first job to be claimed', async () =>
      Boolean((await jobRow(store, first.id)).locked_by),
    );
    await runner.stop();
    expect(done).toEqual(['first']);
    const second = await scheduler.schedule('test.slow', past(), { label: 'second' });
    await new Promise((r) => setTimeout(r, 200));
    expect((await jobRow(store, second.id)).attempts).toBe(0);
    await store.db.deleteFrom('jobs').execute();
  });
});

// Two nodes need a shared server database; runs in CI's PostgreSQL pass (TEST_DATABASE_URL).
describe.skipIf(!adminUrl)('jobs on two nodes sharing PostgreSQL', () => {
  let store: Store;
  let drop: () => Promise<void>;
  const nodes: HubProcess[] = [];

  beforeAll(async () => {
    const database = await createTestDatabase(adminUrl!, 'jobs2');
    drop = database.drop;
    store = await openStore({ engine: 'postgres', url: database.url });
    await createJobRunsTable(store.db);
    const env = { PROMPTLY_JOB_POLL_MS: '50', PROMPTLY_JOB_LEASE_MS: '1500' };
    for (const name of ['n1', 'n2']) {
      nodes.push(await startHubProcess({ name, entry: JOB_NODE, databaseUrl: database.url, env }));
    }
  });
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await store?.close();
    await drop?.();
  });

  const scheduler = () => createJobScheduler({ db: store.db });

  it('fires every due job exactly once, with both nodes polling', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(
        (await scheduler().schedule('test.record', past(), { label: `now-${i}`, workMs: 20 })).id,
      );
    }
    for (let i = 0; i < 10; i++) {
      const runAt = new Date(Date.now() + 1_000);
      ids.push((await scheduler().schedule('test.record', runAt, { label: `soon-${i}` })).id);
    }
    const dup = await scheduler().schedule(
      'test.record',
      past(),
      { label: 'dup' },
      { dedupeKey: 'once' },
    );
    const again = await scheduler().schedule(
      'test.record',
      past(),
      { label: 'dup' },
      { dedupeKey: 'once' },
    );
    expect(again).toEqual({ id: dup.id, created: false });
    ids.push(dup.id);

    await until('every job to finish', async () => {
      const n = await store.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', 'in', ids)
        .where('done_at', 'is not', null)
        .executeTakeFirstOrThrow();
      return Number(n.n) === ids.length;
    });
    const runs = countRuns(await jobRuns(store.db));
    for (const id of ids) {
      expect(runs.get(id)?.starts, id).toHaveLength(1);
      expect(runs.get(id)?.effects, id).toHaveLength(1);
    }
    const rows = await store.db.selectFrom('jobs').selectAll().where('id', 'in', ids).execute();
    expect(rows.every((r) => r.attempts === 1 && r.locked_by === null && !r.dead_at)).toBe(true);
    // Both nodes took part: the exactly-once above was a real race, not one node doing it all.
    const byNode = new Set([...runs.values()].flatMap((r) => r.effects.map((e) => e.node)));
    expect([...byNode].sort()).toEqual(['n1', 'n2']);
  });

  it('finishes exactly once on the other node when the node holding the claim is SIGKILLed', async () => {
    const job = await scheduler().schedule('test.record', past(), {
      label: 'hang',
      hangOnFirstAttempt: true,
    });
    let holder = '';
    await until('a node to start the job', async () => {
      const start = (await jobRuns(store.db)).find((r) => r.job_id === job.id);
      holder = start?.node ?? '';
      return Boolean(start);
    });
    const victim = nodes.find((n) => n.name === holder)!;
    const survivor = nodes.find((n) => n.name !== holder)!;
    // The claim is renewed while the handler hangs, so nobody else may take it yet.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(countRuns(await jobRuns(store.db)).get(job.id)?.starts).toHaveLength(1);
    await victim.kill('SIGKILL');
    await until(
      'the surviving node to finish the job',
      async () => Boolean((await jobRow(store, job.id)).done_at),
      15_000,
    );
    const runs = countRuns(await jobRuns(store.db)).get(job.id)!;
    expect(runs.starts.map((r) => [r.node, r.attempt])).toEqual([
      [victim.name, 1],
      [survivor.name, 2],
    ]);
    expect(runs.effects.map((r) => r.node)).toEqual([survivor.name]);
    expect(await jobRow(store, job.id)).toMatchObject({ attempts: 2, locked_by: null });
    await victim.restart();
  });
});

// The PGlite variant of the claim-expiry test; the PostgreSQL pass covers the same with two nodes.
describe.skipIf(adminUrl)('a PGlite node killed while holding a claim', () => {
  let dataDir: string;
  let node: HubProcess | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'promptly-jobs-pglite-'));
  });
  afterAll(async () => {
    await node?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs the job again after restart, once its lease lapses, and every job exactly once', async () => {
    // The node is the only process that may open the PGlite folder, so the jobs are scheduled
    // before it starts, and the results read after it stops.
    let store = await openStore({ engine: 'pglite', dataDir });
    await createJobRunsTable(store.db);
    const scheduler = createJobScheduler({ db: store.db });
    const hang = await scheduler.schedule('test.record', past(), {
      label: 'hang',
      hangOnFirstAttempt: true,
    });
    const others: string[] = [];
    for (let i = 0; i < 6; i++) {
      others.push((await scheduler.schedule('test.record', past(), { label: `job-${i}` })).id);
    }
    await store.close();

    const env = { PROMPTLY_JOB_POLL_MS: '50', PROMPTLY_JOB_LEASE_MS: '1500' };
    node = await startHubProcess({ name: 'p1', entry: JOB_NODE, dataDir, env });
    await node.waitForOutput(new RegExp(`job-start ${hang.id} 1 p1`));
    await node.kill('SIGKILL');
    await node.restart({ PROMPTLY_NODE_ID: 'p2' });
    await node.waitForOutput(new RegExp(`job-done ${hang.id} p2`), 20_000);
    for (const id of others) await node.waitForOutput(new RegExp(`job-done ${id} `), 20_000);
    await node.stop();
    node = null;

    store = await openStore({ engine: 'pglite', dataDir });
    try {
      const runs = countRuns(await jobRuns(store.db));
      const hung = runs.get(hang.id)!;
      expect(hung.starts.map((r) => [r.node, r.attempt])).toEqual([
        ['p1', 1],
        ['p2', 2],
      ]);
      expect(hung.effects.map((r) => r.node)).toEqual(['p2']);
      for (const id of others) expect(runs.get(id)?.effects, id).toHaveLength(1);
      // The hub's own scheduled work (the daily log prune) is not part of this test.
      const rows = await store.db
        .selectFrom('jobs')
        .selectAll()
        .where('kind', '=', 'test.record')
        .execute();
      expect(rows).toHaveLength(others.length + 1);
      expect(rows.every((r) => r.done_at !== null && r.locked_by === null)).toBe(true);
      expect(rows.find((r) => r.id === hang.id)?.attempts).toBe(2);
    } finally {
      await store.close();
    }
  });
});
