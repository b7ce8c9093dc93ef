import type { Message } from '#shared/domain/message.ts';
import type { Attachment } from '#shared/domain/message.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import { PREVIEW_LENGTH } from '#shared/mutators/conversation-patches.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ChangeInput } from './changes.ts';
import type { Writer } from './writer.ts';
import { conversationFromRow, conversationToRow, messageToRow } from './records.ts';

export interface InboundMessage {
  id: string;
  conversationId: string;
  authorName: string;
  text: string;
  html?: string | null;
  attachments?: Attachment[];
  receivedAt: number;
}

/**
 * A customer message arriving on an existing conversation, as every channel adapter delivers it:
 * stored, the conversation reopened and its waiting clock started (if it was not already running),
 * and both put in the change log so the team's desktops pull it.
 */
export async function receiveInbound(deps: { write: Writer }, m: InboundMessage): Promise<void> {
  await deps.write((trx, changes) => applyInbound(trx, changes, m));
}

async function applyInbound(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  m: InboundMessage,
): Promise<void> {
  {
    const row = await trx
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', m.conversationId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new PromptlyError('not_found', 'No conversation for this inbound message.');
    const c = conversationFromRow(row);
    const message = {
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
    await trx.insertInto('messages').values(messageToRow(message)).execute();
    const next = {
      ...c,
      preview: m.text.slice(0, PREVIEW_LENGTH),
      lastMessageAt: Math.max(c.lastMessageAt, m.receivedAt),
      waitingSince: c.waitingSince ?? m.receivedAt,
      status: c.status === 'resolved' || c.status === 'snoozed' ? 'open' : c.status,
      snoozedUntil: null,
      version: c.version + 1,
      updatedAt: m.receivedAt,
    } as typeof c;
    const { id: _id, ...update } = conversationToRow(next);
    await trx.updateTable('conversations').set(update).where('id', '=', c.id).execute();
    const scope = { teamId: c.teamId, assigneeId: c.assigneeId };
    changes.push({ entity: 'message', entityId: message.id, op: 'put', ...scope, data: message });
    changes.push({ entity: 'conversation', entityId: c.id, op: 'put', ...scope, data: next });
  }
}

interface Pending {
  message: InboundMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for inbound traffic: messages arriving while a transaction is open wait and then
 * share the next one, so a burst costs one commit (one fsync, one change-log lock, one poke) per
 * batch instead of per message. Each caller still learns about its own message only. If a batch
 * fails as a whole (a database error aborts the transaction), its messages are retried one by one
 * so one bad message cannot sink its neighbours.
 */
export function createInboundQueue(deps: { write: Writer; maxBatch?: number }) {
  const maxBatch = deps.maxBatch ?? 200;
  const queue: Pending[] = [];
  let draining = false;

  async function commit(batch: Pending[]) {
    const outcome = new Map<Pending, unknown>();
    await deps.write(async (trx, changes) => {
      for (const p of batch) {
        try {
          await applyInbound(trx, changes, p.message);
        } catch (error) {
          // Our own refusals (unknown conversation) happen before any write for that message.
          if (!(error instanceof PromptlyError)) throw error;
          outcome.set(p, error);
        }
      }
    });
    for (const p of batch) {
      const error = outcome.get(p);
      if (error) p.reject(error);
      else p.resolve();
    }
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
