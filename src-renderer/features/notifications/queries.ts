import { useLiveQuery } from 'dexie-react-hooks';
import type { Notification } from '#shared/domain/notification.ts';
import type { PromptlyDb } from '../../data/db.ts';
import { useDb } from '../../data/db-context.tsx';

/** The center lists this many; older ones are history the inbox already holds. */
export const CENTER_LIMIT = 50;

export interface CenterEntry {
  notification: Notification;
  /** Where it points, for the second line: customer name and subject, when cached here. */
  context: string | null;
}

const mine = (db: PromptlyDb, userId: string) =>
  db.notifications
    .orderBy('createdAt')
    .reverse()
    .filter((n) => n.userId === userId);

export function useUnreadNotifications(userId: string): Notification[] {
  const db = useDb();
  return (
    useLiveQuery(
      () =>
        mine(db, userId)
          .filter((n) => n.readAt === null)
          .toArray(),
      [db, userId],
    ) ?? []
  );
}

export function useRecentNotifications(userId: string): CenterEntry[] | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    const list = await mine(db, userId).limit(CENTER_LIMIT).toArray();
    const conversations = await db.conversations.bulkGet(list.map((n) => n.refs.conversationId));
    const customerIds = [...new Set(conversations.flatMap((c) => (c ? [c.customerId] : [])))];
    const customers = new Map(
      (await db.customers.bulkGet(customerIds)).flatMap((c) => (c ? [[c.id, c.name]] : [])),
    );
    return list.map((notification, i) => {
      const c = conversations[i];
      const parts = c ? [customers.get(c.customerId), c.subject].filter(Boolean) : [];
      return { notification, context: parts.length ? parts.join(' · ') : null };
    });
  }, [db, userId]);
}

/** Unread notifications that point at one conversation: opening it deals with all of them. */
export function unreadFor(db: PromptlyDb, conversationId: string): Promise<Notification[]> {
  return db.notifications
    .filter((n) => n.readAt === null && n.refs.conversationId === conversationId)
    .toArray();
}
