import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace, type ServerOptions } from 'socket.io';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createAdapter as createPostgresAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createClient as createRedisClient } from '@redis/client';
import { AGENT_NAMESPACE, CONNECT_ERROR, SYNC_PAGE_MAX } from '#shared/contracts/socket.ts';
import type { SessionService } from '../auth/sessions.ts';
import { readChanges, type ChangeInput } from '../domain/changes.ts';
import { readVisibleConversation } from '../domain/conversations.ts';
import { readSnapshotPage } from '../domain/snapshot.ts';
import { readCustomerHistory } from '../domain/history.ts';
import { runMutation } from '../domain/commands/run-mutation.ts';
import type { Writer } from '../domain/writer.ts';
import type { Database } from '../store/schema.ts';
import { viewerOf, type Viewer } from '../domain/viewer.ts';
import { handle, refuseUnknownEvents } from './handler.ts';
import { attachPresence } from './presence.ts';

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

const rooms = {
  team: (id: string) => `team:${id}`,
  user: (id: string) => `user:${id}`,
  admins: 'role:admin',
};

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
        (socket.data as { viewer?: Viewer }).viewer = viewer;
        next();
      },
      (error: unknown) => {
        deps.log(error);
        next(new Error('unavailable'));
      },
    );
  });

  agents.on('connection', (socket) => {
    const viewer = viewerOf(socket);
    // A live socket outlives the handshake: re-check its session at most every few seconds, so a
    // revoked session or deactivated account (from any node, or the CLI) is cut off promptly and
    // team changes reach the visibility checks.
    let checkedAt = Date.now();
    socket.use((_packet, next) => {
      if (Date.now() - checkedAt < REAUTH_EVERY_MS) return next();
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      deps.sessions.authenticate(token).then(
        (fresh) => {
          if (!fresh) {
            socket.disconnect(true);
            return;
          }
          checkedAt = Date.now();
          (socket.data as { viewer?: Viewer }).viewer = fresh;
          next();
        },
        (error: unknown) => {
          deps.log(error);
          next(new Error('unavailable'));
        },
      );
    });
    void socket.join([
      rooms.user(viewer.userId),
      ...viewer.teamIds.map(rooms.team),
      ...(viewer.role === 'admin' ? [rooms.admins] : []),
    ]);
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
    attachPresence(agents, socket, { db: deps.db, log: deps.log });
  });

  return {
    io,
    /** Tells exactly the clients who may see these changes that there is something to pull. */
    poke(changes: readonly ChangeInput[], seq: number) {
      const targets = new Set<string>([rooms.admins]);
      for (const c of changes) {
        if (c.targetUsers) {
          for (const u of c.targetUsers) targets.add(rooms.user(u));
          continue;
        }
        if (c.teamId === null) {
          agents.emit('sync:poke', { seq });
          return;
        }
        targets.add(rooms.team(c.teamId));
        if (c.assigneeId) targets.add(rooms.user(c.assigneeId));
      }
      agents.to([...targets]).emit('sync:poke', { seq });
    },
    /** Ends every live connection of a user (logout everywhere, deactivation), on every node. */
    disconnectUser(userId: string) {
      agents.in(rooms.user(userId)).disconnectSockets(true);
    },
    close: () => io.close(),
  };
}

export type Realtime = ReturnType<typeof attachRealtime>;
