import { useLiveQuery } from 'dexie-react-hooks';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Agent } from '#shared/domain/user.ts';
import { useDb } from '../../data/db-context.tsx';

export interface InboxRowData {
  conversation: Conversation;
  customer: Customer | undefined;
  assignee: Agent | undefined;
}

/** Newest activity first, straight from the lastMessageAt index; one bulkGet per lookup table. */
export function useInboxRows(limit = 500): InboxRowData[] | undefined {
  const db = useDb();
  return useLiveQuery(async () => {
    const conversations = await db.conversations
      .orderBy('lastMessageAt')
      .reverse()
      .limit(limit)
      .toArray();
    const customerIds = [...new Set(conversations.map((c) => c.customerId))];
    const agentIds = [
      ...new Set(conversations.flatMap((c) => (c.assigneeId ? [c.assigneeId] : []))),
    ];
    const [customers, agents] = await Promise.all([
      db.customers.bulkGet(customerIds),
      db.agents.bulkGet(agentIds),
    ]);
    const customerById = new Map(customers.flatMap((c) => (c ? [[c.id, c] as const] : [])));
    const agentById = new Map(agents.flatMap((a) => (a ? [[a.id, a] as const] : [])));
    return conversations.map((conversation) => ({
      conversation,
      customer: customerById.get(conversation.customerId),
      assignee: conversation.assigneeId ? agentById.get(conversation.assigneeId) : undefined,
    }));
  }, [db, limit]);
}

export function useConversationCount(): number | undefined {
  const db = useDb();
  return useLiveQuery(() => db.conversations.count(), [db]);
}
