import { Dexie } from 'dexie';
import { PromptlyError, type ErrorCode } from '#shared/logic/ack.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import type { OutboxRow, PromptlyDb } from './db.ts';
import { call, type HubSocket } from './hub-client.ts';
import { rebasePending } from './optimistic.ts';
import { indexConversations, indexMessages, unindexRecords } from './search-index.ts';
import { coalesced } from './coalesce.ts';

/** Failures that say nothing about the mutation itself: send the same row again later. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['unavailable', 'internal', 'rate_limited']);
const BACKOFF_MS = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export interface OutboxFlusherDeps {
  db: PromptlyDb;
  socket: HubSocket;
  me: SessionUser;
  ackTimeoutMs?: number;
  onRejected?: (row: OutboxRow) => void;
}

/**
 * Sends the outbox to the hub one row at a time, oldest first, waiting for each ack: order is
 * kept, and a row is deleted only after the hub confirmed it. A reply lost in flight is simply
 * sent again; the hub recognises the mutation id and replays its stored result.
 */
export function createOutboxFlusher(deps: OutboxFlusherDeps) {
  const { db, socket, me, ackTimeoutMs = 10_000 } = deps;
  let stopped = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;

  function scheduleRetry() {
    if (retry || stopped) return;
    const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 30_000;
    failures++;
    retry = setTimeout(() => {
      retry = null;
      void flush();
    }, delay);
  }

  async function restoreTruth(row: OutboxRow) {
    const args = row.args as { conversationId?: string; messageId?: string };
    if (args.messageId) {
      const messageId = args.messageId;
      await db.transaction('rw', [db.messages, db.searchText], async () => {
        await db.messages.delete(messageId as never);
        await unindexRecords(db, [messageId]);
      });
    }
    if (!args.conversationId) return;
    const conversationId = args.conversationId;
    try {
      const truth = await call(
        socket,
        'conversation:fetch',
        { conversationId: conversationId as never },
        ackTimeoutMs,
      );
      await db.transaction(
        'rw',
        [db.conversations, db.messages, db.outbox, db.meta, db.searchText],
        async () => {
          await db.conversations.put(truth.conversation);
          await db.messages.bulkPut(truth.messages);
          await indexConversations(db, [truth.conversation]);
          await indexMessages(db, truth.messages);
          await rebasePending(db, me, new Set([conversationId]));
        },
      );
    } catch (error) {
      if (error instanceof PromptlyError && error.code === 'not_found') {
        await db.transaction('rw', [db.conversations, db.messages, db.searchText], async () => {
          await db.conversations.delete(conversationId as never);
          const thread = db.messages
            .where('[conversationId+createdAt]')
            .between([conversationId, Dexie.minKey], [conversationId, Dexie.maxKey]);
          await unindexRecords(db, [conversationId, ...(await thread.primaryKeys())]);
          await thread.delete();
        });
      }
      // Otherwise the next pull restores the truth.
    }
  }

  async function sendAll() {
    while (socket.connected && !stopped) {
      const row = await db.outbox.where('status').equals('pending').first();
      if (!row || row.seq === undefined) return;
      try {
        await call(socket, 'mutate', { id: row.id, name: row.name, args: row.args }, ackTimeoutMs);
        await db.outbox.delete(row.seq);
        failures = 0;
      } catch (e) {
        const error = e instanceof PromptlyError ? e : new PromptlyError('internal', String(e));
        if (RETRYABLE.has(error.code)) {
          await db.outbox.update(row.seq, { attempts: row.attempts + 1 });
          scheduleRetry();
          return;
        }
        const rejected: OutboxRow = {
          ...row,
          status: 'rejected',
          attempts: row.attempts + 1,
          error: { code: error.code, message: error.message },
        };
        await db.outbox.put(rejected);
        deps.onRejected?.(rejected);
        await restoreTruth(rejected);
      }
    }
  }

  const flush = coalesced(sendAll, {
    stopped: () => stopped,
    onError: () => scheduleRetry(), // IndexedDB hiccup: try again rather than strand the outbox.
  });

  const onConnect = () => {
    failures = 0;
    void flush();
  };
  socket.on('connect', onConnect);
  if (socket.connected) void flush();

  return {
    flush,
    stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      socket.off('connect', onConnect);
    },
  };
}

export type OutboxFlusher = ReturnType<typeof createOutboxFlusher>;
