import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { Attachment } from '#shared/domain/message.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import { PREVIEW_LENGTH } from '#shared/mutators/conversation-patches.ts';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ChangeInput } from './changes.ts';
import type { Writer } from './writer.ts';
import { conversationFromRow, conversationToRow, messageToRow } from './records.ts';

export interface InboundMessage {
  /** The channel's own id for the message: delivering it again changes nothing. */
  id: string;
  conversationId: string;
  authorName: string;
  text: string;
  html?: string | null;
  attachments?: Attachment[];
  receivedAt: number;
}

/** What happened to one inbound message of a batch. */
export type InboundOutcome = 'stored' | 'duplicate' | PromptlyError;

/**
 * A customer message arriving on an existing conversation, as every channel adapter delivers it:
 * stored, the conversation reopened and its waiting clock started (if it was not already running),
 * and both put in the change log so the team's desktops receive it. A message id that is already
 * stored is a redelivery and changes nothing.
 */
export async function receiveInbound(deps: { write: Writer }, m: InboundMessage): Promise<void> {
  const [outcome] = await deps.write((trx, changes) => applyInboundBatch(trx, changes, [m]));
  if (outcome instanceof PromptlyError) throw outcome;
}

/**
 * What one customer message does to its conversation. Every field set here reaches the database
 * through the batch UPDATE below, which writes the whole row: a column the message clears when it
 * reopens the conversation is one more line in the `reopen` branch.
 */
function afterInbound(c: Conversation, m: InboundMessage): Conversation {
  const reopen = c.status === 'resolved' || c.status === 'snoozed';
  return {
    ...c,
    preview: m.text.slice(0, PREVIEW_LENGTH),
    lastMessageAt: Math.max(c.lastMessageAt, m.receivedAt),
    waitingSince: c.waitingSince ?? m.receivedAt,
    ...(reopen ? { status: 'open' as const, snoozedUntil: null } : {}),
    version: c.version + 1,
    updatedAt: m.receivedAt,
  };
}

function messageOf(c: Conversation, m: InboundMessage): Message {
  return {
    id: m.id,
    conversationId: c.id,
    customerId: c.customerId,
    direction: 'inbound',
    channel: c.channel,
    authorType: 'customer',
    authorId: null,
    authorName: m.authorName,
    text: m.text,
    html: m.html ?? null,
    attachments: m.attachments ?? [],
    call: null,
    deliveryStatus: 'received',
    createdAt: m.receivedAt,
  } as Message;
}

/**
 * Stores a batch of inbound messages with a fixed number of statements whatever its size: lock
 * the conversations, insert the messages, update the conversations, and (in the writer) append
 * the change log. The outcome of each message comes back in the batch's order. Messages to one
 * conversation apply in batch order, exactly as if they had been received one at a time, except
 * that the conversation's change is logged once, with its final state, after its messages.
 */
export async function applyInboundBatch(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  batch: readonly InboundMessage[],
): Promise<InboundOutcome[]> {
  if (batch.length === 0) return [];
  const ids = [...new Set(batch.map((m) => m.conversationId))];
  // Locked in id order, so two batches sharing conversations (on two nodes) cannot deadlock.
  const rows = await trx
    .selectFrom('conversations')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  const before = new Map(rows.map((r) => [r.id, conversationFromRow(r)]));

  const outcomes: InboundOutcome[] = [];
  const candidates = new Map<string, { message: Message; index: number }>();
  batch.forEach((m, index) => {
    const c = before.get(m.conversationId);
    if (!c) {
      outcomes.push(new PromptlyError('not_found', 'No conversation for this inbound message.'));
    } else if (candidates.has(m.id)) {
      outcomes.push('duplicate');
    } else {
      candidates.set(m.id, { message: messageOf(c, m), index });
      outcomes.push('stored');
    }
  });
  if (candidates.size === 0) return outcomes;

  // attachments and call go in as JSON values, not the JSON text messageToRow makes for them.
  const messageRows = [...candidates.values()].map(({ message }) => ({
    ...messageToRow(message),
    attachments: message.attachments,
    call: message.call,
  }));
  const inserted = new Set(
    (await insertFromJson(trx, 'messages', messageRows, 'on conflict (id) do nothing')).map(
      (r) => r.id,
    ),
  );

  const after = new Map<string, Conversation>();
  const logged: ChangeInput[] = [];
  for (const { message, index } of candidates.values()) {
    if (!inserted.has(message.id)) {
      outcomes[index] = 'duplicate';
      continue;
    }
    const c = after.get(message.conversationId) ?? before.get(message.conversationId)!;
    after.set(c.id, afterInbound(c, batch[index]!));
    logged.push(scoped(c, 'message', message.id, message));
  }
  if (after.size === 0) return outcomes;

  await updateFromJson(
    trx,
    'conversations',
    [...after.values()].map((c) => conversationToRow(c)),
  );
  changes.push(...logged, ...[...after.values()].map((c) => scoped(c, 'conversation', c.id, c)));
  return outcomes;
}

/** Change-log rows are scoped like the conversation they belong to. */
function scoped(
  c: Conversation,
  entity: 'message' | 'conversation',
  entityId: string,
  data: unknown,
): ChangeInput {
  return { entity, entityId, op: 'put', teamId: c.teamId, assigneeId: c.assigneeId, data };
}

/**
 * `insert ... select` from one JSON parameter shaped like the table's rows: one statement and
 * one parameter however many rows, with every column typed by the table itself.
 */
async function insertFromJson(
  trx: Transaction<Database>,
  table: 'messages',
  rows: readonly Record<string, unknown>[],
  onConflict: string,
): Promise<{ id: string }[]> {
  const columns = sql.join(Object.keys(rows[0]!).map((k) => sql.ref(k)));
  const result = await sql<{ id: string }>`
    insert into ${sql.table(table)} (${columns})
    select ${columns} from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)
    ${sql.raw(onConflict)}
    returning id`.execute(trx);
  return result.rows;
}

/** `update ... from` one JSON parameter of whole rows, matched on id: every other column is set. */
async function updateFromJson(
  trx: Transaction<Database>,
  table: 'conversations',
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const set = sql.join(
    Object.keys(rows[0]!)
      .filter((k) => k !== 'id')
      .map((k) => sql`${sql.ref(k)} = n.${sql.ref(k)}`),
  );
  await sql`
    update ${sql.table(table)} as t set ${set}
    from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb) as n
    where t.id = n.id`.execute(trx);
}

interface Pending {
  message: InboundMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for inbound traffic: messages arriving while a transaction is open wait and then
 * share the next one, so a burst costs one commit (one fsync, one change-log lock, one fan-out)
 * per batch instead of per message, and a fixed number of statements per batch. Each caller
 * still learns about its own message only. If a batch fails as a whole (a database error aborts
 * the transaction), its messages are retried one by one so one bad message cannot sink its
 * neighbours.
 */
export function createInboundQueue(deps: { write: Writer; maxBatch?: number }) {
  const maxBatch = deps.maxBatch ?? 200;
  const queue: Pending[] = [];
  let draining = false;

  async function commit(batch: Pending[]) {
    const outcomes = await deps.write((trx, changes) =>
      applyInboundBatch(
        trx,
        changes,
        batch.map((p) => p.message),
      ),
    );
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof PromptlyError) p.reject(outcome);
      else p.resolve();
    });
  }

  async function drain() {
    if (draining) return;
    draining = true;
    try {
      while (queue.length) {
        const batch = queue.splice(0, maxBatch);
        try {
          await commit(batch);
        } catch {
          for (const p of batch) await commit([p]).catch(p.reject);
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    receive(message: InboundMessage): Promise<void> {
      return new Promise((resolve, reject) => {
        queue.push({ message, resolve, reject });
        void drain();
      });
    },
  };
}
