import type { ConversationId } from '#shared/logic/ids.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import { useDb } from '../../data/db-context.tsx';

/**
 * One conversation with its customer, team and assignee, and the latest `limit` messages of its
 * thread oldest first (plus how many older ones exist), read newest-first from the compound index.
 */
export function useConversation(id: ConversationId, limit: number) {
  const db = useDb();
  return useLiveQuery(async () => {
    const conversation = await db.conversations.get(id);
    if (!conversation) return null;
    const thread = db.messages
      .where('[conversationId+createdAt]')
      .between([id, Dexie.minKey], [id, Dexie.maxKey]);
    const [customer, team, assignee, latest, total, original, handoff] = await Promise.all([
      db.customers.get(conversation.customerId),
      db.teams.get(conversation.teamId),
      conversation.assigneeId ? db.agents.get(conversation.assigneeId) : undefined,
      thread.clone().reverse().limit(limit).toArray(),
      thread.clone().count(),
      conversation.firstMessageId ? db.messages.get(conversation.firstMessageId) : undefined,
      // The latest handoff note, wherever it sits in a long thread.
      thread
        .clone()
        .reverse()
        .filter((m) => m.handoff === true)
        .first(),
    ]);
    const messages = latest.reverse();
    return {
      conversation,
      customer,
      team,
      assignee,
      messages,
      earlier: total - messages.length,
      original,
      handoff,
    };
  }, [db, id, limit]);
}
