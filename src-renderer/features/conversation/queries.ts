import type { ConversationId } from '#shared/logic/ids.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import { useDb } from '../../data/db-context.tsx';

/** One conversation with its customer, team and assignee, and its thread oldest first. */
export function useConversation(id: ConversationId) {
  const db = useDb();
  return useLiveQuery(async () => {
    const conversation = await db.conversations.get(id);
    if (!conversation) return null;
    const [customer, team, assignee, messages] = await Promise.all([
      db.customers.get(conversation.customerId),
      db.teams.get(conversation.teamId),
      conversation.assigneeId ? db.agents.get(conversation.assigneeId) : undefined,
      db.messages
        .where('[conversationId+createdAt]')
        .between([id, Dexie.minKey], [id, Dexie.maxKey])
        .toArray(),
    ]);
    return { conversation, customer, team, assignee, messages };
  }, [db, id]);
}
