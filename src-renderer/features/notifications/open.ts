import { useCallback } from 'react';
import { ConversationId } from '#shared/logic/ids.ts';
import type { NotificationId } from '#shared/domain/notification.ts';
import { useDb } from '../../data/db-context.tsx';
import { useMutate } from '../../data/mutate-context.tsx';
import { useAppStore } from '../../app/store.ts';
import { unreadFor } from './queries.ts';

/**
 * Opens the conversation a notification points at and marks every unread notification about it
 * read: once the agent is looking at the conversation, none of them is news any more.
 */
export function useOpenFromNotification(): (conversationId: string) => Promise<void> {
  const db = useDb();
  const mutate = useMutate();
  return useCallback(
    async (conversationId) => {
      const id = ConversationId.safeParse(conversationId);
      if (!id.success) return;
      const store = useAppStore.getState();
      store.setScreen('inbox');
      store.selectConversation(id.data);
      for (const n of await unreadFor(db, id.data)) {
        await mutate('notification.mark-read', { notificationId: n.id });
      }
    },
    [db, mutate],
  );
}

export function useMarkAllRead(): (ids: readonly NotificationId[]) => Promise<void> {
  const mutate = useMutate();
  return useCallback(
    async (ids) => {
      for (const notificationId of ids) await mutate('notification.mark-read', { notificationId });
    },
    [mutate],
  );
}
