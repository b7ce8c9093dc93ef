import type { AddressInfo } from 'node:net';
import { openStore, type Store } from './store/database.ts';
import { createSessionService } from './auth/sessions.ts';
import { createLoginService } from './auth/login.ts';
import { createHttpApp } from './http/app.ts';
import { attachRealtime, openBroadcast, type Broadcast, type Realtime } from './realtime/socket.ts';
import { createWriter, type Writer } from './domain/writer.ts';
import { seedDemo } from './demo/seed.ts';
import { createJobRegistry, type JobRegistry } from './jobs/registry.ts';
import { scheduleRetention } from './domain/retention.ts';
import { startSlaSweeps } from './domain/sla-alerts.ts';
import { createJobRunner, type JobRunner } from './jobs/runner.ts';
import { createJobScheduler, type JobScheduler } from './jobs/scheduler.ts';
import { createFollowUps, registerFollowUpJobs } from './domain/follow-ups.ts';
import type { HubConfig } from './config.ts';

export const HUB_VERSION = '0.1.0';

export interface Hub {
  url: string;
  port: number;
  store: Store;
  realtime: Realtime;
  write: Writer;
  /** How broadcasts reach other nodes: 'local' on PGlite, else 'postgres' or 'redis'. */
  broadcast: Broadcast['kind'];
  jobs: { registry: JobRegistry; scheduler: JobScheduler; runner: JobRunner };
  close(): Promise<void>;
}

/** Settings of the scale-out machinery; the environment supplies them when not given. */
export interface HubOptions {
  /** Job kinds this node runs. Features register theirs here before the runner starts. */
  jobs?: JobRegistry;
  /** REDIS_URL: broadcast through Redis Streams instead of PostgreSQL LISTEN/NOTIFY. */
  redisUrl?: string | null;
  /** PROMPTLY_JOB_POLL_MS (default 1000). */
  jobPollMs?: number;
  /** PROMPTLY_JOB_LEASE_MS (default 30000): how long a dead node's job waits before a retry. */
  jobLeaseMs?: number;
  /** PROMPTLY_NODE_ID (default host:pid): names this node in job claims and logs. */
  nodeId?: string;
  /**
   * PROMPTLY_CALLBACK_GRACE_MS (default 15 minutes): how long after its deadline an unkept promise
   * is marked missed and escalated. Every node should use the same value.
   */
  callbackGraceMs?: number;
  /** PROMPTLY_SLA_SWEEP_MS (default 30000): how often reply deadlines are checked for alerts. */
  slaSweepMs?: number;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

function nonNegative(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, 0 or more`);
  return n;
}

export function hubOptionsFromEnv(env: Record<string, string | undefined>): HubOptions {
  const options: HubOptions = { redisUrl: env.REDIS_URL || null };
  const poll = positive(env.PROMPTLY_JOB_POLL_MS, 'PROMPTLY_JOB_POLL_MS');
  const lease = positive(env.PROMPTLY_JOB_LEASE_MS, 'PROMPTLY_JOB_LEASE_MS');
  if (poll !== undefined) options.jobPollMs = poll;
  if (lease !== undefined) options.jobLeaseMs = lease;
  if (env.PROMPTLY_NODE_ID) options.nodeId = env.PROMPTLY_NODE_ID;
  const grace = nonNegative(env.PROMPTLY_CALLBACK_GRACE_MS, 'PROMPTLY_CALLBACK_GRACE_MS');
  if (grace !== undefined) options.callbackGraceMs = grace;
  const sweep = positive(env.PROMPTLY_SLA_SWEEP_MS, 'PROMPTLY_SLA_SWEEP_MS');
  if (sweep !== undefined) options.slaSweepMs = sweep;
  return options;
}

/** Composition root: opens storage, wires services, listens. Nothing else constructs services. */
export async function startHub(
  config: HubConfig,
  options: HubOptions = hubOptionsFromEnv(process.env),
): Promise<Hub> {
  const store = await openStore(
    config.databaseUrl
      ? { engine: 'postgres', url: config.databaseUrl }
      : { engine: 'pglite', dataDir: config.dataDir },
  );
  const sessions = createSessionService({ db: store.db });
  const login = createLoginService({ db: store.db, sessions });
  const registry = options.jobs ?? createJobRegistry();
  const scheduler = createJobScheduler({ db: store.db, registry });
  const followUps = createFollowUps({
    scheduler,
    ...(options.callbackGraceMs !== undefined ? { callbackGraceMs: options.callbackGraceMs } : {}),
  });
  // Pokes go through the socket server, attached below; nothing writes before the hub has started.
  const write: Writer = createWriter(
    store.db,
    (changes, seq, first) => realtime.committed(changes, seq, first),
    { followUps },
  );
  // Before anything can write: the scheduler refuses kinds the registry does not know.
  registerFollowUpJobs({ registry, write });
  const app = await createHttpApp({
    store,
    sessions,
    login,
    version: HUB_VERSION,
    rendererDir: config.rendererDir,
    corsOrigins: config.corsOrigins,
    logger: config.logger,
    disconnectUser: (userId) => realtime.disconnectUser(userId),
    write,
  });
  const log = (e: unknown) => app.log.error({ err: e }, 'realtime handler failed');
  let broadcast: Broadcast;
  try {
    broadcast = await openBroadcast({
      databaseUrl: config.databaseUrl,
      redisUrl: options.redisUrl ?? null,
      log: (e) => app.log.error({ err: e }, 'cross-node broadcast failed'),
    });
  } catch (error) {
    await app.close();
    await store.close();
    throw error;
  }
  const realtime = attachRealtime({
    httpServer: app.server,
    db: store.db,
    sessions,
    corsOrigins: config.corsOrigins,
    log,
    writer: () => write,
    ...(broadcast.adapter ? { adapter: broadcast.adapter } : {}),
  });

  const runner = createJobRunner({
    db: store.db,
    registry,
    log: (message, detail) => app.log.warn(detail ?? {}, message),
    ...(options.nodeId ? { nodeId: options.nodeId } : {}),
    ...(options.jobPollMs ? { pollMs: options.jobPollMs } : {}),
    ...(options.jobLeaseMs ? { leaseMs: options.jobLeaseMs } : {}),
  });

  const shutdown = async () => {
    await runner.stop();
    await realtime.close();
    await broadcast.close();
    await app.close();
    await store.close();
  };

  try {
    await scheduleRetention({
      db: store.db,
      registry,
      scheduler,
      keepDays: retentionDays(process.env),
    });
    await startSlaSweeps({
      registry,
      scheduler,
      write,
      ...(options.slaSweepMs ? { sweepMs: options.slaSweepMs } : {}),
    });
    if (config.demo) await seedDemo({ write });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await shutdown();
    throw error;
  }
  runner.start();
  const port = (app.server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    realtime,
    write,
    broadcast: broadcast.kind,
    jobs: { registry, scheduler, runner },
    close: shutdown,
  };
}

/** PROMPTLY_LOG_RETENTION_DAYS (default 60): how long a desktop may stay away and still catch up. */
function retentionDays(env: Record<string, string | undefined>): number {
  const days = Number(env.PROMPTLY_LOG_RETENTION_DAYS ?? 60);
  if (!Number.isInteger(days) || days < 1)
    throw new Error('PROMPTLY_LOG_RETENTION_DAYS must be a whole number of days, 1 or more');
  return days;
}
