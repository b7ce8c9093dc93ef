import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import { replyChannels } from '#shared/logic/reply-channels.ts';
import type { PromptlyDb } from '../../data/db.ts';
import { useDb } from '../../data/db-context.tsx';

/** What the composer offers: reply channels, agents to mention, canned responses. */
export function useComposerData(c: Conversation) {
  const db = useDb();
  return useLiveQuery(async () => {
    const [customer, identities, agents, canned] = await Promise.all([
      db.customers.get(c.customerId),
      db.identities.where('customerId').equals(c.customerId).toArray(),
      db.agents.toArray(),
      db.canned.orderBy('shortcut').toArray(),
    ]);
    return {
      customer,
      channels: replyChannels(c.channel, {
        email: customer?.email ?? null,
        phone: customer?.phone ?? null,
        identityKinds: identities.map((i) => i.kind),
      }),
      agents: agents.filter((a) => a.active).sort((a, b) => a.name.localeCompare(b.name)),
      canned,
    };
  }, [db, c.customerId, c.channel]);
}

/**
 * Replies that colleagues sent to this customer after `since`: if there are any, the agent is
 * about to answer a question someone else already answered.
 */
export async function repliesSince(
  db: PromptlyDb,
  conversationId: Conversation['id'],
  since: number,
  meId: string,
): Promise<Message[]> {
  const recent = await db.messages
    .where('[conversationId+createdAt]')
    .between([conversationId, since], [conversationId, Dexie.maxKey], false, true)
    .toArray();
  return recent.filter((m) => m.direction === 'outbound' && m.authorId !== meId);
}
