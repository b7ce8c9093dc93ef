import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type ServerOptions, type Socket } from 'socket.io';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient as createRedisClient } from '@redis/client';
import { AGENT_NAMESPACE, CONNECT_ERROR, SYNC_PAGE_MAX } from '#shared/contracts/socket.ts';
import type { SessionService } from '../auth/sessions.ts';
import {
  loggedChanges,
  readChangeRange,
  readChanges,
  type ChangeInput,
} from '../domain/changes.ts';
import { readVisibleConversation } from '../domain/conversations.ts';
import { readSnapshotPage } from '../domain/snapshot.ts';
import { readCustomerHistory } from '../domain/history.ts';
import { runMutation } from '../domain/commands/run-mutation.ts';
import type { Writer } from '../domain/writer.ts';
import type { Database } from '../store/schema.ts';
import { viewerOf, type Viewer } from '../domain/viewer.ts';
import { handle, refuseUnknownEvents } from './handler.ts';
import { attachPresence, createViewingShare } from './presence.ts';
import { createFanout } from './fanout.ts';

export interface RealtimeDeps {
  httpServer: HttpServer;
  db: Kysely<Database>;
  sessions: SessionService;
  corsOrigins: readonly string[];
  log: (e: unknown) => void;
  /** Resolved after construction: the writer pokes through this module, so it comes later. */
  writer: () => Writer;
  /** Cross-node broadcast (see openBroadcast); in-memory, this process only, when absent. */
  adapter?: ServerOptions['adapter'];
}

export interface Broadcast {
  kind: 'local' | 'postgres' | 'redis';
  adapter?: ServerOptions['adapter'];
  /** Frees the adapter's connections; call after the socket.io server is closed. */
  close(): Promise<void>;
}

export interface BroadcastConfig {
  /** PostgreSQL the nodes share: LISTEN/NOTIFY through @socket.io/postgres-adapter. */
  databaseUrl: string | null;
  /** When set (and on PostgreSQL), Redis Streams carry broadcasts instead. */
  redisUrl: string | null;
  log: (e: unknown) => void;
}

/**
 * Several hub nodes on one PostgreSQL must reach each other's sockets: `emit`, `to(room).emit` and
 * `disconnectSockets` go through the adapter to every node. PGlite is one process, so it needs none.
 */
export async function openBroadcast(config: BroadcastConfig): Promise<Broadcast> {
  if (!config.databaseUrl) return { kind: 'local', close: async () => {} };
  if (config.redisUrl) {
    const client = createRedisClient({ url: config.redisUrl });
    client.on('error', config.log);
    await client.connect();
    // Nodes sharing a database are one cluster, so the stream is named after the database: two
    // deployments (or test runs) on one Redis never see each other's broadcasts.
    const db = new URL(config.databaseUrl);
    const prefix = `promptly:${db.hostname}:${db.port || '5432'}${db.pathname}`;
    return {
      kind: 'redis',
      adapter: createRedisStreamsAdapter(client, {
        streamName: `${prefix}:socket.io`,
        channelPrefix: `${prefix}:socket.io`,
        // The reading connection notices close() only between two blocking reads.
        blockTimeInMs: 1_000,
      }),
      async close() {
        await client.close().catch(() => client.destroy());
      },
    };
  }
  // A pool of its own: LISTEN pins one connection for the adapter's lifetime.
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 3 });
  let closing = false;
  const onError = (e: unknown) => {
    if (!closing) config.log(e);
  };
  pool.on('error', onError);
  return {
    kind: 'postgres',
    adapter: createPostgresAdapter(pool, {
      tableName: 'socket_io_attachments',
      errorHandler: onError,
    }),
    async close() {
      closing = true;
      await pool.end();
    },
  };
}

const REAUTH_EVERY_MS = 5_000;
/**
 * A desktop that only listens sends no packet that would re-check it, yet receives data in its
 * pokes: the hub re-checks such sockets itself, before they go stale, one at a time.
 */
const RECHECK_LISTENERS_AFTER_MS = REAUTH_EVERY_MS - 1_500;
const RECHECK_SWEEP_MS = 500;
/** The cross-node event that says "the change log grew through seq N" (hub to hub only). */
const LOG_GREW = 'promptly:log-grew';

interface SocketData {
  viewer?: Viewer;
  /** When the session behind this socket was last verified (ms since the epoch). */
  checkedAt?: number;
}
const dataOf = (socket: { data: unknown }) => socket.data as SocketData;

/** A user's sockets on every node, for presence and for ending them all (pokes go per socket). */
const userRoom = (id: string) => `user:${id}`;

export function attachRealtime(deps: RealtimeDeps) {
  const io = new Server(deps.httpServer, {
    // Websocket only: no long-polling fallback, so several nodes need no sticky sessions.
    transports: ['websocket'],
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
    cors: { origin: [...deps.corsOrigins] },
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });
  const agents: Namespace = io.of(AGENT_NAMESPACE);
  const viewing = createViewingShare(agents, { clustered: Boolean(deps.adapter) });

  agents.use((socket, next) => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    deps.sessions.authenticate(token).then(
      (viewer) => {
        if (!viewer) {
          const error = new Error(CONNECT_ERROR.unauthorized) as Error & { data?: unknown };
          error.data = {
            code: 'unauthorized',
            message: 'Sign in again: this session is not valid.',
          };
          next(error);
          return;
        }
        dataOf(socket).viewer = viewer;
        dataOf(socket).checkedAt = Date.now();
        next();
      },
      (error: unknown) => {
        deps.log(error);
        next(new Error('unavailable'));
      },
    );
  });

  /** Verifies the socket's session again: a refused one is disconnected, a valid one refreshed. */
  async function recheck(socket: Socket, opts: { touch: boolean }): Promise<boolean> {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    const fresh = await deps.sessions.authenticate(token, { touch: opts.touch });
    if (!fresh) {
      socket.disconnect(true);
      return false;
    }
    dataOf(socket).checkedAt = Date.now();
    dataOf(socket).viewer = fresh;
    return true;
  }

  agents.on('connection', (socket) => {
    const viewer = viewerOf(socket);
    // A live socket outlives the handshake: re-check its session at most every few seconds, so a
    // revoked session or deactivated account (from any node, or the CLI) is cut off promptly and
    // team changes reach the visibility checks.
    socket.use((_packet, next) => {
      if (Date.now() - (dataOf(socket).checkedAt ?? 0) < REAUTH_EVERY_MS) return next();
      recheck(socket, { touch: true }).then(
        (ok) => ok && next(),
        (error: unknown) => {
          deps.log(error);
          next(new Error('unavailable'));
        },
      );
    });
    void socket.join(userRoom(viewer.userId));
    refuseUnknownEvents(socket);
    handle(
      socket,
      'sync:pull',
      (args, v) => readChanges(deps.db, v, args.cursor, args.limit ?? SYNC_PAGE_MAX),
      deps.log,
    );
    handle(socket, 'sync:snapshot', (args, v) => readSnapshotPage(deps.db, v, args), deps.log);
    handle(
      socket,
      'customer:history',
      (args, v) => readCustomerHistory(deps.db, v, args.customerId),
      deps.log,
    );
    handle(
      socket,
      'mutate',
      (envelope, v) => runMutation({ db: deps.db, write: deps.writer() }, v, envelope),
      deps.log,
    );
    handle(
      socket,
      'conversation:fetch',
      (args, v) => readVisibleConversation(deps.db, v, args.conversationId),
      deps.log,
    );
    attachPresence(agents, socket, { db: deps.db, log: deps.log, viewing });
  });

  const fanout = createFanout({
    sockets: () => agents.sockets.values(),
    // `local`: the other nodes run their own fan-out for their own sockets (see LOG_GREW).
    send: (ids, poke) => void agents.local.to([...ids]).emit('sync:poke', poke),
    viewer: (socket) => {
      const { viewer, checkedAt } = dataOf(socket);
      if (!viewer) return null;
      return { viewer, fresh: Date.now() - (checkedAt ?? 0) < REAUTH_EVERY_MS };
    },
    readRange: (after, through) => readChangeRange(deps.db, after, through),
    ...(deps.adapter ? { announce: (through) => agents.serverSideEmit(LOG_GREW, through) } : {}),
    log: deps.log,
  });
  agents.on(LOG_GREW, (through: unknown) => {
    if (typeof through === 'number' && Number.isSafeInteger(through)) fanout.heard(through);
  });

  let sweeping = false;
  let closing = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    void (async () => {
      for (const socket of [...agents.sockets.values()]) {
        if (closing) return;
        if (!socket.connected) continue;
        if (Date.now() - (dataOf(socket).checkedAt ?? 0) < RECHECK_LISTENERS_AFTER_MS) continue;
        await recheck(socket, { touch: false }).catch(deps.log);
      }
    })().finally(() => (sweeping = false));
  }, RECHECK_SWEEP_MS);
  sweep.unref();

  return {
    io,
    /**
     * A write committed: its changes go to exactly the sockets that may see them, on every node.
     * `first` is the seq of changes[0] when the writer could establish it (see Committed).
     */
    committed(changes: readonly ChangeInput[], seq: number, first: number | null) {
      if (first === null) fanout.committed(-1, seq, null);
      else fanout.committed(first - 1, seq, loggedChanges(changes, first));
    },
    /** Ends every live connection of a user (logout everywhere, deactivation), on every node. */
    disconnectUser(userId: string) {
      agents.in(userRoom(userId)).disconnectSockets(true);
    },
    close: () => {
      closing = true;
      clearInterval(sweep);
      fanout.close();
      return io.close();
    },
  };
}

export type Realtime = ReturnType<typeof attachRealtime>;
