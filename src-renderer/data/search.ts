import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Message } from '#shared/domain/message.ts';
import type { ConversationId, CustomerId, MessageId } from '#shared/logic/ids.ts';
import {
  foldText,
  looksLikePhone,
  parseQuery,
  phoneDigits,
  snippet,
  type Highlighted,
} from '#shared/logic/search-text.ts';
import type { PromptlyDb, SearchRow } from './db.ts';

/**
 * Offline search over the local index (search-index.ts); reads only IndexedDB, so it works with
 * no hub at all. Message rows are keyed by UUIDv7 ids, so descending key order is newest first.
 */

/** A prefix matching at most this many index entries is read in full and intersected in memory. */
const SMALL = 4_000;
/** Rows read per step when candidates must be checked, or the index walked newest first. */
const BATCH = 500;
/** A walk of the whole index stops here and reports that older matches may exist. */
const SCAN_BUDGET = 60_000;

export interface ConversationHit {
  conversation: Conversation;
  customer: Customer | undefined;
  /** The newest matching message, or null when only the subject matched. */
  message: Message | null;
  excerpt: Highlighted;
}

export interface ConversationResults {
  hits: ConversationHit[];
  /** The query's terms, for highlighting. */
  terms: string[];
  /** True when the search stopped before looking at every older record. */
  partial: boolean;
}

const matchesAll = (row: SearchRow, terms: readonly string[]) =>
  terms.every((t) => row.w.some((w) => w.startsWith(t)));

/** Keys of rows with a token starting with `term`, or null when there are more than SMALL entries. */
async function smallPrefixKeys(db: PromptlyDb, term: string): Promise<Set<string> | null> {
  const keys = await db.searchText
    .where('w')
    .startsWith(term)
    .limit(SMALL + 1)
    .primaryKeys();
  return keys.length > SMALL ? null : new Set(keys);
}

/**
 * Rows matching every term, newest first, until `want` conversations are found. Terms matching
 * few rows are answered from the index alone; common terms are checked on the rows themselves,
 * so a query never reads more than it needs.
 */
async function matchingRows(db: PromptlyDb, terms: readonly string[], want: number) {
  const sets = await Promise.all(terms.map((t) => smallPrefixKeys(db, t)));
  const known = sets.filter((s): s is Set<string> => s !== null).sort((a, b) => a.size - b.size);
  const common = terms.filter((_, i) => sets[i] === null);
  const found: SearchRow[] = [];
  const conversations = new Set<string>();
  const take = (rows: readonly (SearchRow | undefined)[]) => {
    for (const row of rows) {
      if (!row || !matchesAll(row, common)) continue;
      found.push(row);
      conversations.add(row.c);
      if (conversations.size >= want) return true;
    }
    return false;
  };
  if (known.length) {
    const [smallest, ...rest] = known;
    const candidates = [...smallest!]
      .filter((k) => rest.every((s) => s.has(k)))
      .sort((a, b) => (a < b ? 1 : -1));
    // Without common terms the index already proved each match; rows are read only for their
    // conversation, newest first, until enough conversations are found.
    for (let i = 0; i < candidates.length; i += BATCH) {
      if (take(await db.searchText.bulkGet(candidates.slice(i, i + BATCH)))) break;
    }
    return { rows: found, partial: false };
  }
  // Every term is common: walk the index newest first; matches are dense, so this stops early.
  let below: string | null = null;
  for (let scanned = 0; scanned < SCAN_BUDGET; scanned += BATCH) {
    const page: SearchRow[] = await (
      below === null ? db.searchText.orderBy(':id') : db.searchText.where(':id').below(below)
    )
      .reverse()
      .limit(BATCH)
      .toArray();
    if (!page.length || take(page)) return { rows: found, partial: false };
    below = page[page.length - 1]!.id;
  }
  return { rows: found, partial: true };
}

/** An excerpt from whichever part of the message matched: its text, a call transcript, a file name. */
function excerptOf(m: Message, terms: readonly string[]): Highlighted {
  const parts = [m.text, m.call?.transcript ?? '', ...m.attachments.map((a) => a.name)];
  const excerpts = parts.filter(Boolean).map((p) => snippet(p, terms));
  return excerpts.find((e) => e.ranges.length > 0) ?? excerpts[0] ?? { text: '', ranges: [] };
}

/** Conversations whose messages or subject match every prefix of the query, newest match first. */
export async function searchConversations(
  db: PromptlyDb,
  query: string,
  limit = 20,
): Promise<ConversationResults> {
  const terms = parseQuery(query);
  if (!terms.length) return { hits: [], terms, partial: false };
  const { rows, partial } = await matchingRows(db, terms, limit);
  const newest = new Map<string, SearchRow>();
  for (const row of rows) if (!newest.has(row.c)) newest.set(row.c, row);
  const picked = [...newest.values()].slice(0, limit);
  const [conversations, messages] = await Promise.all([
    db.conversations.bulkGet(picked.map((r) => r.c as ConversationId)),
    db.messages.bulkGet(picked.map((r) => r.id as MessageId)),
  ]);
  const customers = await db.customers.bulkGet(
    conversations.map((c) => (c?.customerId ?? '') as CustomerId),
  );
  const hits: ConversationHit[] = [];
  picked.forEach((_, i) => {
    const conversation = conversations[i];
    if (!conversation) return;
    const message = messages[i] ?? null;
    hits.push({
      conversation,
      customer: customers[i],
      message,
      excerpt: message ? excerptOf(message, terms) : snippet(conversation.subject, terms),
    });
  });
  return { hits, terms, partial };
}

export interface CustomerHit {
  customer: Customer;
  /** The conversation to open for this customer: their most recently active one cached. */
  latestConversationId: ConversationId | null;
}

const CUSTOMER_CAP = 2_000;

async function customerKeys(db: PromptlyDb, prefix: string): Promise<Set<string>> {
  return new Set(
    await db.searchCustomers.where('w').startsWith(prefix).limit(CUSTOMER_CAP).primaryKeys(),
  );
}

/**
 * Customers by any word of their name or company (prefix), an email address (whole-address
 * prefix, or its words) or a phone number (digits only: a prefix, or any run of 4+ digits).
 */
export async function searchCustomers(
  db: PromptlyDb,
  query: string,
  limit = 6,
): Promise<CustomerHit[]> {
  const raw = query.trim().slice(0, 300);
  const terms = parseQuery(raw);
  const lookups: Array<Promise<Set<string>>> = [];
  if (looksLikePhone(raw)) lookups.push(customerKeys(db, phoneDigits(raw)));
  if (raw.includes('@')) lookups.push(customerKeys(db, foldText(raw)));
  if (terms.length) {
    lookups.push(
      Promise.all(terms.map((t) => customerKeys(db, t))).then(
        ([first, ...rest]) =>
          new Set([...(first ?? [])].filter((k) => rest.every((s) => s.has(k)))),
      ),
    );
  }
  const ids = new Set<string>();
  for (const set of await Promise.all(lookups)) for (const id of set) ids.add(id);
  const customers = (await db.customers.bulkGet([...ids] as CustomerId[])).filter(
    (c): c is Customer => !!c,
  );
  customers.sort((a, b) => a.name.localeCompare(b.name));
  const top = customers.slice(0, limit);
  return Promise.all(
    top.map(async (customer) => {
      const latest = await db.conversations
        .where('customerId')
        .equals(customer.id)
        .toArray()
        .then((cs) =>
          cs.reduce<Conversation | null>(
            (a, c) => (!a || c.lastMessageAt > a.lastMessageAt ? c : a),
            null,
          ),
        );
      return { customer, latestConversationId: latest?.id ?? null };
    }),
  );
}
