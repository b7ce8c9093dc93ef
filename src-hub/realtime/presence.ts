import type { Namespace, Socket } from 'socket.io';
import type { Kysely } from 'kysely';
import { PromptlyError } from '#shared/logic/ack.ts';
import type {
  ConversationViewers,
  PresenceEntry,
  PresenceStatus,
} from '#shared/contracts/socket.ts';
import type { Database } from '../store/schema.ts';
import { canSee, viewerOf } from '../domain/viewer.ts';
import { handle } from './handler.ts';

/**
 * Presence and collision live on the sockets themselves (socket.data), and are read back with
 * fetchSockets(), which the cluster adapters answer across every node: no table to keep in sync,
 * and a node that dies takes its agents' presence with it.
 */
interface LiveState {
  presence: 'online' | 'away';
  viewing: string | null;
  typing: boolean;
}

const conversationRoom = (id: string) => `conversation:${id}`;
const userRoom = (id: string) => `user:${id}`;

function stateOf(socket: { data: unknown }): LiveState {
  const data = socket.data as Partial<LiveState>;
  return {
    presence: data.presence ?? 'online',
    viewing: data.viewing ?? null,
    typing: data.typing ?? false,
  };
}

async function presenceOf(agents: Namespace, userId: string): Promise<PresenceStatus> {
  const sockets = await agents.in(userRoom(userId)).fetchSockets();
  if (sockets.length === 0) return 'offline';
  return sockets.some((s) => stateOf(s).presence === 'online') ? 'online' : 'away';
}

async function viewersOf(agents: Namespace, conversationId: string): Promise<ConversationViewers> {
  const byUser = new Map<string, { userId: string; name: string; typing: boolean }>();
  for (const s of await agents.in(conversationRoom(conversationId)).fetchSockets()) {
    const v = viewerOf(s);
    const prev = byUser.get(v.userId);
    byUser.set(v.userId, {
      userId: v.userId,
      name: v.name,
      typing: (prev?.typing ?? false) || stateOf(s).typing,
    });
  }
  return { conversationId, viewers: [...byUser.values()] };
}

export function attachPresence(
  agents: Namespace,
  socket: Socket,
  deps: { db: Kysely<Database>; log: (e: unknown) => void },
) {
  const me = viewerOf(socket);
  const set = (patch: Partial<LiveState>) => Object.assign(socket.data as object, patch);
  set({ presence: 'online', viewing: null, typing: false });

  const announce = async () => {
    const entry: PresenceEntry = { userId: me.userId, status: await presenceOf(agents, me.userId) };
    agents.emit('presence:changed', entry);
  };
  const publishViewers = async (conversationId: string) => {
    agents
      .to(conversationRoom(conversationId))
      .emit('conversation:viewers', await viewersOf(agents, conversationId));
  };
  announce().catch(deps.log);

  handle(
    socket,
    'presence:set',
    async (args) => {
      set({ presence: args.status });
      await announce();
      return null;
    },
    deps.log,
  );

  handle(
    socket,
    'presence:list',
    async () => {
      const best = new Map<string, PresenceStatus>();
      for (const s of await agents.fetchSockets()) {
        const id = viewerOf(s).userId;
        if (best.get(id) !== 'online') best.set(id, stateOf(s).presence);
      }
      return [...best].map(([userId, status]) => ({ userId, status }));
    },
    deps.log,
  );

  handle(
    socket,
    'conversation:view',
    async (args, viewer) => {
      const previous = stateOf(socket).viewing;
      if (args.conversationId) {
        const row = await deps.db
          .selectFrom('conversations')
          .select(['team_id', 'assignee_id'])
          .where('id', '=', args.conversationId)
          .executeTakeFirst();
        if (!row || !canSee(viewer, { teamId: row.team_id, assigneeId: row.assignee_id })) {
          throw new PromptlyError(
            'not_found',
            'That conversation does not exist or is not visible to you.',
          );
        }
      }
      if (previous && previous !== args.conversationId) {
        await socket.leave(conversationRoom(previous));
        await publishViewers(previous);
      }
      set({ viewing: args.conversationId, typing: args.conversationId ? args.typing : false });
      if (!args.conversationId) return null;
      await socket.join(conversationRoom(args.conversationId));
      await publishViewers(args.conversationId);
      return viewersOf(agents, args.conversationId);
    },
    deps.log,
  );

  socket.on('disconnect', () => {
    const { viewing } = stateOf(socket);
    // The socket has already left its rooms here, so what remains is everyone else.
    if (viewing) publishViewers(viewing).catch(deps.log);
    announce().catch(deps.log);
  });
}
