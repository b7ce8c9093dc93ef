import type { Transaction } from 'dexie';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Identity } from '#shared/domain/identity.ts';
import type { Message } from '#shared/domain/message.ts';
import { emailTokens, phoneTokens, tokenize } from '#shared/logic/search-text.ts';
import type { CustomerSearchRow, PromptlyDb, SearchRow } from './db.ts';

/**
 * Keeps the local search index in step with the cached records. Every function here runs inside
 * the caller's Dexie transaction, which must include `searchText` / `searchCustomers`: the index
 * commits or rolls back with the records it describes, so search never disagrees with the cache.
 * The one exception is a bootstrap's snapshot, indexed after it is stored (search-backlog.ts).
 */

/** Quoted lines of an email reply repeat earlier messages, which are indexed on their own. */
const QUOTED = /^[ \t]*>.*$/gm;

export function messageSearchRow(m: Message): SearchRow {
  const text = m.text.includes('>') ? m.text.replace(QUOTED, '') : m.text;
  return {
    id: m.id,
    c: m.conversationId,
    w: tokenize(text, m.call?.transcript, ...m.attachments.map((a) => a.name)),
  };
}

export function subjectSearchRow(c: Conversation): SearchRow {
  return { id: c.id, c: c.id, w: tokenize(c.subject) };
}

export function customerSearchRow(c: Customer, identities: readonly Identity[]): CustomerSearchRow {
  const w = new Set(tokenize(c.name, c.company));
  for (const t of emailTokens(c.email)) w.add(t);
  for (const t of phoneTokens(c.phone)) w.add(t);
  for (const i of identities) {
    const tokens =
      i.kind === 'email' ? emailTokens(i.value) : i.kind === 'phone' ? phoneTokens(i.value) : [];
    for (const t of tokens) w.add(t);
  }
  return { id: c.id, w: [...w] };
}

export async function indexMessages(db: PromptlyDb, messages: readonly Message[]) {
  if (messages.length) await db.searchText.bulkPut(messages.map(messageSearchRow));
}

export async function indexConversations(db: PromptlyDb, conversations: readonly Conversation[]) {
  if (conversations.length) await db.searchText.bulkPut(conversations.map(subjectSearchRow));
}

/** Drops the rows of deleted messages or conversations (a conversation's row is its subject). */
export async function unindexRecords(db: PromptlyDb, ids: readonly string[]) {
  if (ids.length) await db.searchText.bulkDelete([...ids]);
}

/**
 * Rebuilds the rows of these customers from their record and identities (needs `customers` and
 * `identities` in the transaction); a customer no longer cached loses its row.
 */
export async function reindexCustomers(db: PromptlyDb, customerIds: Iterable<string>) {
  const ids = [...new Set(customerIds)];
  if (!ids.length) return;
  const [customers, identities] = await Promise.all([
    db.customers.bulkGet(ids as Customer['id'][]),
    db.identities.where('customerId').anyOf(ids).toArray(),
  ]);
  const byCustomer = byCustomerId(identities);
  const rows: CustomerSearchRow[] = [];
  const gone: string[] = [];
  customers.forEach((c, i) => {
    if (c) rows.push(customerSearchRow(c, byCustomer.get(c.id) ?? []));
    else gone.push(ids[i]!);
  });
  if (rows.length) await db.searchCustomers.bulkPut(rows);
  if (gone.length) await db.searchCustomers.bulkDelete(gone);
}

export function byCustomerId(identities: readonly Identity[]) {
  const map = new Map<string, Identity[]>();
  for (const i of identities) map.set(i.customerId, [...(map.get(i.customerId) ?? []), i]);
  return map;
}

const UPGRADE_BATCH = 2_000;

/**
 * Version 7's upgrade: indexes everything already cached, in key-ordered batches so a cache of
 * half a million messages never sits in memory at once.
 */
export async function buildSearchIndex(tx: Transaction) {
  const each = async <T extends { id: string }>(
    table: string,
    visit: (rows: T[]) => Promise<void>,
  ) => {
    let last: string | null = null;
    for (;;) {
      const source = tx.table<T, string>(table);
      const batch: T[] = await (
        last === null ? source.orderBy(':id') : source.where(':id').above(last)
      )
        .limit(UPGRADE_BATCH)
        .toArray();
      if (!batch.length) return;
      await visit(batch);
      last = batch[batch.length - 1]!.id;
    }
  };
  const text = tx.table<SearchRow, string>('searchText');
  // Rows cached by an older desktop may lack fields added since: index what they have.
  const cached = (m: Partial<Message>) =>
    messageSearchRow({ ...m, text: m.text ?? '', attachments: m.attachments ?? [] } as Message);
  await each<Message>('messages', (rows) => text.bulkPut(rows.map(cached)).then(() => undefined));
  await each<Conversation>('conversations', (rows) =>
    text.bulkPut(rows.map(subjectSearchRow)).then(() => undefined),
  );
  const identities = await tx.table<Identity, string>('identities').toArray();
  const byCustomer = byCustomerId(identities);
  const customers = tx.table<CustomerSearchRow, string>('searchCustomers');
  await each<Customer>('customers', (rows) =>
    customers
      .bulkPut(rows.map((c) => customerSearchRow(c, byCustomer.get(c.id) ?? [])))
      .then(() => undefined),
  );
}
