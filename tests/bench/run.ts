import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { printTable, writeJson, type BenchResult } from './report.ts';

/**
 * `npm run bench [-- --json FILE]`. Prints figures and their ratio to a raw limit measured in the
 * same run. Never used as a pass/fail gate: machines differ, ratios travel better than numbers.
 * PostgreSQL figures run when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server.
 */
const { values } = parseArgs({ options: { json: { type: 'string' } } });

async function freshPostgres(
  adminUrl: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `promptly_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Each benchmark runs in a fresh process and prints each of its figures as one JSON line. */
async function runIsolated(file: string, env: Record<string, string> = {}): Promise<BenchResult[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [new URL(file, import.meta.url).pathname],
    {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as BenchResult);
}

/** Run on PGlite, and again on PostgreSQL when one is named. */
const ENGINE_BENCHES = [
  './sync-pull.bench.ts',
  './ingest.bench.ts',
  './live-latency.bench.ts',
  './bootstrap.bench.ts',
];
/** The desktop alone: the hub's engine does not enter into them. */
const DESKTOP_BENCHES = ['./search.bench.ts', './inbox.bench.ts'];

const results: BenchResult[] = [];
for (const bench of [...ENGINE_BENCHES, ...DESKTOP_BENCHES])
  results.push(...(await runIsolated(bench)));
const pgAdmin = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (pgAdmin) {
  for (const bench of ENGINE_BENCHES) {
    const db = await freshPostgres(pgAdmin);
    try {
      results.push(...(await runIsolated(bench, { BENCH_ENGINE_URL: db.url })));
    } finally {
      await db.drop();
    }
  }
}
printTable(results);
if (values.json) await writeJson(values.json, results);
process.exit(0);
