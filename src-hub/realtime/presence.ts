import type { Namespace, Socket } from 'socket.io';
import type { Kysely } from 'kysely';
import { PromptlyError } from '#shared/logic/ack.ts';
import { z } from 'zod';
import {
  ConversationViewers as ConversationViewersSchema,
  type ConversationViewers,
  type PresenceEntry,
  type PresenceStatus,
} from '#shared/contracts/socket.ts';
import type { Database } from '../store/schema.ts';
import { canSee, viewerOf, type Viewer } from '../domain/viewer.ts';
import { handle } from './handler.ts';

/**
 * Presence and collision live on the sockets themselves (socket.data), and are read back with
 * fetchSockets(), which the cluster adapters answer across every node: no table to keep in sync,
 * and a node that dies takes its agents' presence with it.
 */
interface Scope {
  teamId: string;
  assigneeId: string | null;
}

interface LiveState {
  presence: 'online' | 'away';
  viewing: string | null;
  /** Who may see the viewed conversation, as of opening it: who may be told it is open. */
  scope: Scope | null;
  typing: boolean;
}

const conversationRoom = (id: string) => `conversation:${id}`;
const userRoom = (id: string) => `user:${id}`;

function stateOf(socket: { data: unknown }): LiveState {
  const data = socket.data as Partial<LiveState>;
  return {
    presence: data.presence ?? 'online',
    viewing: data.viewing ?? null,
    scope: data.scope ?? null,
    typing: data.typing ?? false,
  };
}

/** The cross-node event carrying "who has conversation X open" (hub to hub only). */
const VIEWING = 'promptly:viewing';

/**
 * Inbox rows show who has a conversation open, so that news goes to everyone who may see the
 * conversation, not only to its room. Each node tells its own sockets, filtered by `canSee`; the
 * other nodes hear it through the adapter (`serverSideEmit`), which PGlite's single node lacks.
 */
export function createViewingShare(agents: Namespace, opts: { clustered: boolean }) {
  const deliver = (payload: ConversationViewers, scope: Scope) => {
    for (const socket of agents.sockets.values()) {
      if (canSee(viewerOf(socket), scope)) socket.emit('inbox:viewing', payload);
    }
  };
  agents.on(VIEWING, (payload: unknown, scope: unknown) => {
    const p = ConversationViewersSchema.safeParse(payload);
    const s = ScopeSchema.safeParse(scope);
    if (p.success && s.success) deliver(p.data, s.data);
  });
  return {
    share(payload: ConversationViewers, scope: Scope) {
      deliver(payload, scope);
      if (opts.clustered) agents.serverSideEmit(VIEWING, payload, scope);
    },
    /** Every open conversation the viewer may see, across nodes: a desktop's starting point. */
    async list(viewer: Viewer): Promise<ConversationViewers[]> {
      const open = new Map<string, { scope: Scope; sockets: { data: unknown }[] }>();
      for (const socket of await agents.fetchSockets()) {
        const { viewing, scope } = stateOf(socket);
        if (!viewing || !scope || !canSee(viewer, scope)) continue;
        const entry = open.get(viewing) ?? { scope, sockets: [] };
        entry.sockets.push(socket);
        open.set(viewing, entry);
      }
      return [...open].map(([conversationId, { sockets }]) => ({
        conversationId,
        viewers: viewersAmong(sockets),
      }));
    },
  };
}
export type ViewingShare = ReturnType<typeof createViewingShare>;

const ScopeSchema = z.object({ teamId: z.string(), assigneeId: z.string().nullable() });

function viewersAmong(sockets: readonly { data: unknown }[]) {
  const byUser = new Map<string, { userId: string; name: string; typing: boolean }>();
  for (const s of sockets) {
    const v = viewerOf(s);
    const prev = byUser.get(v.userId);
    byUser.set(v.userId, {
      userId: v.userId,
      name: v.name,
      typing: (prev?.typing ?? false) || stateOf(s).typing,
    });
  }
  return [...byUser.values()];
}

async function presenceOf(agents: Namespace, userId: string): Promise<PresenceStatus> {
  const sockets = await agents.in(userRoom(userId)).fetchSockets();
  if (sockets.length === 0) return 'offline';
  return sockets.some((s) => stateOf(s).presence === 'online') ? 'online' : 'away';
}

async function viewersOf(agents: Namespace, conversationId: string): Promise<ConversationViewers> {
  const sockets = await agents.in(conversationRoom(conversationId)).fetchSockets();
  return { conversationId, viewers: viewersAmong(sockets) };
}

export function attachPresence(
  agents: Namespace,
  socket: Socket,
  deps: { db: Kysely<Database>; log: (e: unknown) => void; viewing: ViewingShare },
) {
  const me = viewerOf(socket);
  const set = (patch: Partial<LiveState>) => Object.assign(socket.data as object, patch);
  set({ presence: 'online', viewing: null, scope: null, typing: false });

  const announce = async () => {
    const entry: PresenceEntry = { userId: me.userId, status: await presenceOf(agents, me.userId) };
    agents.emit('presence:changed', entry);
  };
  const publishViewers = async (conversationId: string, scope: Scope | null) => {
    const viewers = await viewersOf(agents, conversationId);
    agents.to(conversationRoom(conversationId)).emit('conversation:viewers', viewers);
    if (scope) deps.viewing.share(viewers, scope);
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
      const { viewing: previous, scope: previousScope, typing: wasTyping } = stateOf(socket);
      let scope: Scope | null = null;
      if (args.conversationId) {
        const row = await deps.db
          .selectFrom('conversations')
          .select(['team_id', 'assignee_id'])
          .where('id', '=', args.conversationId)
          .executeTakeFirst();
        scope = row ? { teamId: row.team_id, assigneeId: row.assignee_id } : null;
        if (!scope || !canSee(viewer, scope)) {
          throw new PromptlyError(
            'not_found',
            'That conversation does not exist or is not visible to you.',
          );
        }
      }
      if (previous && previous !== args.conversationId) {
        await socket.leave(conversationRoom(previous));
        set({ viewing: null, scope: null, typing: false });
        await publishViewers(previous, previousScope);
      }
      const typing = args.conversationId ? args.typing : false;
      set({ viewing: args.conversationId, scope, typing });
      if (!args.conversationId) return null;
      const changed = previous !== args.conversationId || wasTyping !== typing;
      await socket.join(conversationRoom(args.conversationId));
      if (changed) await publishViewers(args.conversationId, scope);
      return viewersOf(agents, args.conversationId);
    },
    deps.log,
  );

  handle(socket, 'viewing:list', async (_args, viewer) => deps.viewing.list(viewer), deps.log);

  socket.on('disconnect', () => {
    const { viewing, scope } = stateOf(socket);
    // The socket has already left its rooms here, so what remains is everyone else.
    if (viewing) publishViewers(viewing, scope).catch(deps.log);
    announce().catch(deps.log);
  });
}
