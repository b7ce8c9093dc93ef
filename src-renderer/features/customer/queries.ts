import { useLiveQuery } from 'dexie-react-hooks';
import { Dexie } from 'dexie';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { Agent } from '#shared/domain/user.ts';
import type { CustomerId } from '#shared/logic/ids.ts';
import {
  NEARBY_PROMISE_MS,
  nearbyPromises,
  previousConversation,
} from '#shared/logic/customer-insights.ts';
import { useDb } from '../../data/db-context.tsx';
import type { PromptlyDb } from '../../data/db.ts';

/** Who handled a conversation: its assignee, or else whoever last replied. */
async function handlerOf(
  db: PromptlyDb,
  c: Conversation,
): Promise<Agent | { name: string } | null> {
  if (c.assigneeId) {
    const a = await db.agents.get(c.assigneeId);
    if (a) return a;
  }
  const lastReply = await db.messages
    .where('[conversationId+createdAt]')
    .between([c.id, Dexie.minKey], [c.id, Dexie.maxKey])
    .reverse()
    .filter((m) => m.direction === 'outbound' && m.authorType === 'agent')
    .first();
  if (!lastReply) return null;
  return (
    (lastReply.authorId ? await db.agents.get(lastReply.authorId) : undefined) ?? {
      name: lastReply.authorName,
    }
  );
}

/**
 * Everything the customer panel shows about the customer of `current`, from the cache. Customers
 * have a handful of conversations, promises and surveys, so reading them whole is cheap; only
 * messages (possibly thousands) are left to the paged timeline.
 */
export function useCustomer360(current: Conversation) {
  const db = useDb();
  const { customerId, id, createdAt } = current;
  return useLiveQuery(async () => {
    const [customer, identities, conversations, promises, surveys, agents] = await Promise.all([
      db.customers.get(customerId),
      db.identities.where('customerId').equals(customerId).toArray(),
      db.conversations.where('customerId').equals(customerId).toArray(),
      db.callbacks.where('customerId').equals(customerId).toArray(),
      db.surveys.where('customerId').equals(customerId).toArray(),
      db.agents.toArray(),
    ]);
    const previous = previousConversation(conversations, { id, createdAt });
    const handler = previous ? await handlerOf(db, previous) : null;
    return {
      customer,
      identities,
      conversations,
      promises,
      surveys,
      agents: new Map(agents.map((a) => [a.id as string, a])),
      previous: previous ? { conversation: previous, handler } : null,
    };
  }, [db, customerId, id, createdAt]);
}

/**
 * The agent's own open promises near a proposed time, with whom they were made to. Reads the
 * [status+dueAt] index over a window wide enough for any promise whose own window reaches in.
 */
export function useNearbyPromises(
  ownerId: string,
  proposal: { dueAt: number; windowEndAt?: number } | null,
) {
  const db = useDb();
  const dueAt = proposal?.dueAt ?? null;
  const windowEndAt = proposal?.windowEndAt;
  return useLiveQuery(async () => {
    if (dueAt === null) return [];
    // A promise's own window may start well before the proposal; a day covers any real window.
    const reach = NEARBY_PROMISE_MS + 24 * 3_600_000;
    const candidates = await db.callbacks
      .where('[status+dueAt]')
      .between(
        ['scheduled', dueAt - reach],
        ['scheduled', (windowEndAt ?? dueAt) + NEARBY_PROMISE_MS],
        true,
        true,
      )
      .toArray();
    const near = nearbyPromises(candidates, ownerId, { dueAt, windowEndAt });
    const customers = await db.customers.bulkGet(near.map((p) => p.customerId));
    return near.map((p, i) => ({ promise: p, customerName: customers[i]?.name ?? 'A customer' }));
  }, [db, ownerId, dueAt, windowEndAt]);
}

export interface TimelineEntry {
  message: Message;
  conversation: Conversation | undefined;
}

/**
 * The newest `limit` messages across all of a customer's conversations, newest first. Each
 * conversation is read newest-first from its [conversationId+createdAt] index, at most `limit`
 * each, and the runs are merged: exact, and bounded by `limit` × conversations rather than by the
 * customer's whole history. `total` counts what is cached, for "n more".
 */
export function useTimeline(customerId: CustomerId, limit: number) {
  const db = useDb();
  return useLiveQuery(async () => {
    const conversations = await db.conversations.where('customerId').equals(customerId).toArray();
    const byId = new Map(conversations.map((c) => [c.id as string, c]));
    const runs = await Promise.all(
      conversations.map((c) =>
        db.messages
          .where('[conversationId+createdAt]')
          .between([c.id, Dexie.minKey], [c.id, Dexie.maxKey])
          .reverse()
          .limit(limit)
          .toArray(),
      ),
    );
    const counts = await Promise.all(
      conversations.map((c) =>
        db.messages
          .where('[conversationId+createdAt]')
          .between([c.id, Dexie.minKey], [c.id, Dexie.maxKey])
          .count(),
      ),
    );
    const merged = runs
      .flat()
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
      .slice(0, limit);
    const entries: TimelineEntry[] = merged.map((m) => ({
      message: m,
      conversation: byId.get(m.conversationId),
    }));
    return {
      entries,
      total: counts.reduce((a, b) => a + b, 0),
      conversations: conversations.length,
    };
  }, [db, customerId, limit]);
}
