import { clientEvents, ConversationViewers } from '#shared/contracts/socket.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { ackSchema } from '#shared/logic/ack.ts';
import type { PromptlyDb } from './db.ts';
import { storeCustomerHistory } from './history-store.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import type { HubSocket } from './hub-client.ts';

export interface Live {
  /** Tells the hub which conversation this desktop shows (null: none) and whether we type. */
  view(conversationId: ConversationId | null, typing: boolean): void;
  onViewers(listener: (v: ConversationViewers) => void): () => void;
  /** Caches a customer's older conversations (beyond the bootstrap window); best-effort. */
  history(customerId: string): Promise<void>;
  /** Colleagues who have this conversation open now (never this user), for inbox rows. */
  openBy(conversationId: string): readonly Viewer[];
  /** Called whenever anyone opens or leaves any conversation this user may see. */
  subscribeOpen(listener: () => void): () => void;
}

type Viewer = ConversationViewers['viewers'][number];
const NOBODY: readonly Viewer[] = Object.freeze([]);

/**
 * Collision state is best-effort and ephemeral: nothing is queued offline, and after a reconnect
 * the current view is simply sent again, because a new socket starts with no state on the hub.
 */
export function createLive(
  socket: HubSocket,
  db: PromptlyDb,
  me: SessionUser,
): Live & { stop(): void } {
  const fetched = new Set<string>();
  let current: { conversationId: ConversationId | null; typing: boolean } = {
    conversationId: null,
    typing: false,
  };
  const send = () => {
    if (socket.connected) socket.emit('conversation:view', current, () => undefined);
  };
  socket.on('connect', send);

  // Who has which conversation open, across the workspace: a fresh list on every connect, then
  // kept current by `inbox:viewing`. Ephemeral: nothing of it is stored.
  const openNow = new Map<string, readonly Viewer[]>();
  const openListeners = new Set<() => void>();
  const tellOpen = () => {
    for (const l of openListeners) l();
  };
  const setOpen = (v: ConversationViewers) => {
    const others = v.viewers.filter((x) => x.userId !== me.id);
    if (others.length) openNow.set(v.conversationId, others);
    else openNow.delete(v.conversationId);
  };
  const onInboxViewing = (raw: unknown) => {
    const parsed = ConversationViewers.safeParse(raw);
    if (!parsed.success) return;
    setOpen(parsed.data);
    tellOpen();
  };
  const loadOpen = () => {
    socket
      .timeout(10_000)
      .emitWithAck('viewing:list', {})
      .then((raw: unknown) => {
        const ack = ackSchema(clientEvents['viewing:list'].ack).safeParse(raw);
        if (!ack.success || !ack.data.ok) return;
        openNow.clear();
        for (const v of ack.data.value) setOpen(v);
        tellOpen();
      })
      .catch(() => undefined); // the next connect asks again
  };
  const onDisconnectOpen = () => {
    // Nobody is known to be anywhere while we cannot hear about it.
    openNow.clear();
    tellOpen();
  };
  socket.on('inbox:viewing', onInboxViewing);
  socket.on('connect', loadOpen);
  socket.on('disconnect', onDisconnectOpen);
  if (socket.connected) loadOpen();

  return {
    openBy: (conversationId) => openNow.get(conversationId) ?? NOBODY,
    subscribeOpen(listener) {
      openListeners.add(listener);
      return () => void openListeners.delete(listener);
    },
    view(conversationId, typing) {
      if (current.conversationId === conversationId && current.typing === typing) return;
      current = { conversationId, typing };
      send();
    },
    onViewers(listener) {
      const handler = (raw: unknown) => {
        const parsed = ConversationViewers.safeParse(raw);
        if (parsed.success) listener(parsed.data);
      };
      socket.on('conversation:viewers', handler);
      return () => void socket.off('conversation:viewers', handler);
    },
    async history(customerId) {
      if (!socket.connected || fetched.has(customerId)) return;
      fetched.add(customerId);
      try {
        const raw: unknown = await socket
          .timeout(15_000)
          .emitWithAck('customer:history', { customerId });
        const ack = ackSchema(clientEvents['customer:history'].ack).safeParse(raw);
        if (!ack.success || !ack.data.ok) return;
        await storeCustomerHistory(db, me, ack.data.value);
      } catch {
        fetched.delete(customerId); // offline or slow: try again next time it is opened
      }
    },
    stop() {
      socket.off('connect', send);
      socket.off('connect', loadOpen);
      socket.off('disconnect', onDisconnectOpen);
      socket.off('inbox:viewing', onInboxViewing);
    },
  };
}
