import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Message } from '#shared/domain/message.ts';
import { readMeta, type PromptlyDb, type SearchBacklog } from './db.ts';
import {
  byCustomerId,
  customerSearchRow,
  messageSearchRow,
  subjectSearchRow,
} from './search-index.ts';

/**
 * The search index of a bootstrap, built after the snapshot is stored rather than inside its
 * pages' transactions, where it cost about three times the records themselves. A snapshot leaves
 * a `searchBacklog` marker; chunks then index the cached records in key order, newest first, and
 * each chunk commits its rows together with the marker's new position, so a reload resumes
 * exactly where the last committed chunk stopped and no record is skipped or lost.
 *
 * Live changes keep indexing inline (apply-changes.ts) all along: a chunk reads a record and
 * writes its row in one transaction, so it can never put back a row for a record deleted since,
 * and a row it rewrites is the one the record's latest change already produced.
 */

const STAGES: readonly SearchBacklog['stage'][] = ['customers', 'conversations', 'messages'];

/** A fresh marker: everything cached is still to be indexed. */
export const BACKLOG_START: SearchBacklog = { stage: 'customers', after: null, done: 0, total: 0 };

/**
 * Rows per chunk: a chunk locks its stage's table against the UI's reads while it runs, so it
 * stays short (tens of milliseconds), yet big enough to amortize a transaction.
 */
const CHUNK = 500;

export type ChunkResult = 'more' | 'done' | 'waiting';

/**
 * Indexes one chunk. `waiting`: no marker to work on yet, or the snapshot that set it is still
 * being stored (no cursor), so records may still arrive below the walk's position: its last page
 * starts the walk afresh.
 */
export async function indexBacklogChunk(db: PromptlyDb, limit = CHUNK): Promise<ChunkResult> {
  const seen = await readMeta(db, 'searchBacklog');
  if (!seen) return 'done';
  // Counted apart: only how far along to show, and it needs every table in scope.
  const total =
    seen.total ||
    (await db.transaction(
      'r',
      [db.customers, db.conversations, db.messages],
      async () =>
        (await db.customers.count()) +
        (await db.conversations.count()) +
        (await db.messages.count()),
    ));
  // The chunk's scope is its stage's tables only, so the UI's reads of the others never wait.
  const tables =
    seen.stage === 'customers'
      ? [db.meta, db.customers, db.identities, db.searchCustomers]
      : [db.meta, db.table(seen.stage), db.searchText];
  return db.transaction('rw', tables, async () => {
    const backlog = await readMeta(db, 'searchBacklog');
    if (!backlog) return 'done';
    if (!(await readMeta(db, 'cursor'))) return 'waiting';
    // Reset or moved on since the look above: try again with the right scope.
    if (backlog.stage !== seen.stage) return 'more';
    const rows = await newestBelow(db, backlog, limit);
    await indexRows(db, backlog.stage, rows);
    const next: SearchBacklog = {
      stage: backlog.stage,
      after: rows.length ? rows[rows.length - 1]!.id : backlog.after,
      done: backlog.done + rows.length,
      total: backlog.total || total,
    };
    if (rows.length < limit) {
      const stage = STAGES[STAGES.indexOf(backlog.stage) + 1];
      if (!stage) {
        await db.meta.delete('searchBacklog');
        return 'done';
      }
      next.stage = stage;
      next.after = null;
    }
    await db.meta.put({ key: 'searchBacklog', value: next });
    return 'more';
  });
}

async function newestBelow(db: PromptlyDb, backlog: SearchBacklog, limit: number) {
  const table = db.table<{ id: string }, string>(backlog.stage);
  const range =
    backlog.after === null ? table.orderBy(':id') : table.where(':id').below(backlog.after);
  return range.reverse().limit(limit).toArray();
}

async function indexRows(db: PromptlyDb, stage: SearchBacklog['stage'], rows: { id: string }[]) {
  if (!rows.length) return;
  if (stage === 'messages') {
    await db.searchText.bulkPut((rows as Message[]).map(messageSearchRow));
  } else if (stage === 'conversations') {
    await db.searchText.bulkPut((rows as Conversation[]).map(subjectSearchRow));
  } else {
    const customers = rows as Customer[];
    const identities = await db.identities
      .where('customerId')
      .anyOf(customers.map((c) => c.id))
      .toArray();
    const byCustomer = byCustomerId(identities);
    await db.searchCustomers.bulkPut(
      customers.map((c) => customerSearchRow(c, byCustomer.get(c.id) ?? [])),
    );
  }
}

/**
 * Works through the backlog chunk by chunk until it is done or must wait for a snapshot; each
 * chunk is its own transaction, so the reads of the UI and the live changes get in between.
 */
export async function indexSearchBacklog(
  db: PromptlyDb,
  opts: { chunk?: number; stopped?: () => boolean } = {},
): Promise<ChunkResult> {
  for (;;) {
    if (opts.stopped?.()) return 'more';
    const result = await indexBacklogChunk(db, opts.chunk);
    if (result !== 'more') return result;
  }
}

/** How far indexing is, 0–100, or null when the index covers everything cached. */
export function backlogPercent(backlog: SearchBacklog | undefined): number | null {
  if (!backlog) return null;
  if (!backlog.total) return 0;
  return Math.min(99, Math.floor((backlog.done / backlog.total) * 100));
}
