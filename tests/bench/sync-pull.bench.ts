import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { AGENT_NAMESPACE, SyncPullResult } from '#shared/contracts/socket.ts';
import { ackSchema } from '#shared/logic/ack.ts';
import { startHub } from '../../src-hub/server.ts';
import { seedDemo } from '../../src-hub/demo/seed.ts';
import { result, type BenchResult } from './report.ts';

/**
 * How fast a fresh desktop can pull the whole change log over the socket, compared with reading the
 * same rows straight from the same database in the same process: the cost of RBAC filtering,
 * JSON, socket.io and zod validation on top of the storage engine.
 */
export async function benchSyncPull(engine: {
  label: string;
  databaseUrl: string | null;
}): Promise<BenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'promptly-bench-'));
  const hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl: engine.databaseUrl,
    demo: false,
    rendererDir: null,
    corsOrigins: [],
    logger: false,
  });
  try {
    const scale = process.env.BENCH_SCALE === 'full' ? 10_000 : 2_000;
    await seedDemo(
      { write: hub.write },
      { customers: Math.round(scale / 4), conversations: scale },
    );

    const rawStart = performance.now();
    const rows = await hub.store.db.selectFrom('changes').selectAll().orderBy('seq').execute();
    const rawMs = performance.now() - rawStart;

    const login = await fetch(`${hub.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@demo.test', password: 'promptly-demo' }),
    });
    const { token } = (await login.json()) as { token: string };
    const socket = io(`${hub.url}${AGENT_NAMESPACE}`, {
      transports: ['websocket'],
      auth: { token },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const parse = ackSchema(SyncPullResult);
    const start = performance.now();
    let cursor = 0;
    let pulled = 0;
    for (;;) {
      const ack = parse.parse(
        await socket.timeout(60_000).emitWithAck('sync:pull', { cursor, limit: 1000 }),
      );
      if (!ack.ok) throw new Error(ack.message);
      pulled += ack.value.changes.length;
      cursor = ack.value.cursor;
      if (!ack.value.hasMore) break;
    }
    const pullMs = performance.now() - start;
    socket.close();
    if (pulled !== rows.length) throw new Error(`pulled ${pulled} of ${rows.length} changes`);
    return result({
      name: `sync pull, ${rows.length.toLocaleString('en')} changes (${engine.label})`,
      value: (pulled / pullMs) * 1000,
      unit: 'changes/s',
      limit: (rows.length / rawMs) * 1000,
      against: `SELECT * FROM changes ORDER BY seq on ${engine.label}, same process`,
    });
  } finally {
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Run as its own process (see run.ts) so one engine's leftovers never skew another's figures. */
if (import.meta.main) {
  const databaseUrl = process.env.BENCH_ENGINE_URL || null;
  const figure = await benchSyncPull({ label: databaseUrl ? 'PostgreSQL' : 'PGlite', databaseUrl });
  process.stdout.write(`${JSON.stringify(figure)}\n`);
  process.exit(0);
}
