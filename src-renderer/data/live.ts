import { ConversationViewers } from '#shared/contracts/socket.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import type { HubSocket } from './hub-client.ts';

export interface Live {
  /** Tells the hub which conversation this desktop shows (null: none) and whether we type. */
  view(conversationId: ConversationId | null, typing: boolean): void;
  onViewers(listener: (v: ConversationViewers) => void): () => void;
}

/**
 * Collision state is best-effort and ephemeral: nothing is queued offline, and after a reconnect
 * the current view is simply sent again, because a new socket starts with no state on the hub.
 */
export function createLive(socket: HubSocket): Live & { stop(): void } {
  let current: { conversationId: ConversationId | null; typing: boolean } = { conversationId: null, typing: false };
  const send = () => {
    if (socket.connected) socket.emit('conversation:view', current, () => undefined);
  };
  socket.on('connect', send);
  return {
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
    stop() {
      socket.off('connect', send);
    },
  };
}
