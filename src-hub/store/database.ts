import { mkdir } from 'node:fs/promises';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Database } from './schema.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { migrations } from './migrations/index.ts';

export type Engine = 'pglite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

export type StoreConfig =
  | { engine: 'pglite'; dataDir: string | null }
  | { engine: 'postgres'; url: string; poolSize?: number };

/** Opens the database named by the config and brings its schema up to date before returning. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const store =
    config.engine === 'pglite' ? await openPglite(config.dataDir) : await openPostgres(config);
  try {
    await migrate(store.db);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openPglite(dataDir: string | null): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  return { db, engine: 'pglite', close: () => db.destroy() };
}

async function openPostgres(config: { url: string; poolSize?: number }): Promise<Store> {
  const pg = await import('pg');
  const Pool = pg.default.Pool;
  const pool = new Pool({ connectionString: config.url, max: config.poolSize ?? 10 });
  // Fail fast with the driver's own message (bad URL, refused, auth) instead of on first query.
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    throw error;
  });
  client.release();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}

export async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`database migration failed${name}: ${String(error)}`, { cause: error });
  }
}

export async function ping(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
