import type { CustomerHistory } from '#shared/contracts/socket.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import type { PromptlyDb } from './db.ts';
import { rebasePending, rebasePendingCallbacks } from './optimistic.ts';
import { indexConversations, indexMessages, reindexCustomers } from './search-index.ts';

/**
 * Rows of `incoming` that are not older than what is cached (or not cached at all). The history
 * was read at one moment; a poke applied while it travelled may already have stored something
 * fresher, and an older copy must never overwrite it. An equal age is taken: it is the same
 * record, and it refreshes copies cached before a field existed (a customer's preferences).
 * Records without an age (`missingOnly`) are only added.
 */
async function newer<T extends { id: string }>(
  table: { bulkGet(keys: NoInfer<T>['id'][]): PromiseLike<(NoInfer<T> | undefined)[]> },
  incoming: readonly T[],
  age: ((row: T) => number) | null,
): Promise<T[]> {
  if (incoming.length === 0) return [];
  const cached = await table.bulkGet(incoming.map((r) => r.id));
  return incoming.filter((row, i) => {
    const had = cached[i];
    return had === undefined || (age !== null && age(row) >= age(had));
  });
}

/** Messages, identities and survey answers carry no version: only what is missing is added. */
const missingOnly = null;

/**
 * Stores a customer's older history (see `customer:history`) in one transaction: conversations,
 * threads, promises, survey answers and the customer's own record, then re-applies pending work
 * on top so nothing the agent did offline flickers away.
 */
export async function storeCustomerHistory(
  db: PromptlyDb,
  me: SessionUser,
  history: CustomerHistory,
): Promise<void> {
  const tables = [
    db.conversations,
    db.messages,
    db.customers,
    db.identities,
    db.callbacks,
    db.surveys,
    db.outbox,
    db.meta,
    db.searchText,
    db.searchCustomers,
  ];
  await db.transaction('rw', tables, async () => {
    const conversations = await newer(db.conversations, history.conversations, (c) => c.version);
    const messages = await newer(db.messages, history.messages, missingOnly);
    await db.conversations.bulkPut(conversations);
    await db.messages.bulkPut(messages);
    await db.callbacks.bulkPut(await newer(db.callbacks, history.callbacks, (p) => p.version));
    await db.surveys.bulkPut(await newer(db.surveys, history.surveys, missingOnly));
    const customer = history.customer;
    if (customer) {
      await db.customers.bulkPut(await newer(db.customers, [customer], (c) => c.updatedAt));
      await db.identities.bulkPut(await newer(db.identities, history.identities, missingOnly));
      await reindexCustomers(db, [customer.id]);
    }
    await indexMessages(db, messages);
    await indexConversations(db, conversations);
    await rebasePending(db, me, new Set(conversations.map((c) => c.id)));
    await rebasePendingCallbacks(db, me);
  });
}
