import type { Server as HttpServer } from 'node:http';
import { Server, type Namespace } from 'socket.io';
import type { Kysely } from 'kysely';
import { AGENT_NAMESPACE, CONNECT_ERROR, SYNC_PAGE_MAX } from '#shared/contracts/socket.ts';
import type { SessionService } from '../auth/sessions.ts';
import { readChanges, type ChangeInput } from '../domain/changes.ts';
import { readVisibleConversation } from '../domain/conversations.ts';
import { runMutation } from '../domain/commands/run-mutation.ts';
import type { Writer } from '../domain/writer.ts';
import type { Database } from '../store/schema.ts';
import { viewerOf, type Viewer } from '../domain/viewer.ts';
import { handle, refuseUnknownEvents } from './handler.ts';

export interface RealtimeDeps {
  httpServer: HttpServer;
  db: Kysely<Database>;
  sessions: SessionService;
  corsOrigins: readonly string[];
  log: (e: unknown) => void;
  /** Resolved after construction: the writer pokes through this module, so it comes later. */
  writer: () => Writer;
}

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
