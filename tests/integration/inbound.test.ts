import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { PromptlyError } from '#shared/logic/ack.ts';
import {
  applyInboundBatch,
  createInboundQueue,
  receiveInbound,
} from '../../src-hub/domain/inbound.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
let ada: Socket;
let root: Socket;
beforeAll(async () => {
  hub = await startTestHub();
  ada = await connectAgent(hub, (await loginAs(hub, 'ada@demo.test')).token);
  root = await connectAgent(hub, (await loginAs(hub, 'root@demo.test')).token);
});
afterAll(async () => {
  ada?.close();
  root?.close();
  await hub?.stop();
});

describe('receiveInbound', () => {
  it('stores the message, reopens the conversation, starts the waiting clock and pokes the team', async () => {
    const { changes } = await pullAll(ada);
    const resolved = changes.find(
      (c) => c.op === 'put' && c.entity === 'conversation' && c.data.status === 'resolved',
    );
    if (!resolved || resolved.op !== 'put' || resolved.entity !== 'conversation')
      throw new Error('no resolved conversation for ada');
    const { cursor } = await pullAll(ada);
    const poked = new Promise((resolve) => ada.once('sync:poke', resolve));
    const at = Date.now();
    await receiveInbound(
      { write: hub.write },
      {
        id: newId(),
        conversationId: resolved.data.id,
        authorName: 'Grace',
        text: 'It broke again.',
        receivedAt: at,
      },
    );
    await poked;
    const row = conversationFromRow(
      await hub.store.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', resolved.data.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toMatchObject({
      status: 'open',
      waitingSince: at,
      preview: 'It broke again.',
      version: resolved.data.version + 1,
    });
    const after = await pullAll(ada, cursor);
    expect(after.changes.map((c) => c.entity).sort()).toEqual(['conversation', 'message']);
  });

  it('keeps the original waiting time when the customer writes again before an answer', async () => {
    const row = await hub.store.db
      .selectFrom('conversations')
      .selectAll()
      .where('waiting_since', 'is not', null)
      .executeTakeFirstOrThrow();
    const before = conversationFromRow(row);
    await receiveInbound(
      { write: hub.write },
      {
        id: newId(),
        conversationId: before.id,
        authorName: 'X',
        text: 'hello?',
        receivedAt: Date.now(),
      },
    );
    const after = conversationFromRow(
      await hub.store.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', before.id)
        .executeTakeFirstOrThrow(),
    );
    expect(after.waitingSince).toBe(before.waitingSince);
  });

  it('refuses a message for an unknown conversation and writes nothing', async () => {
    await expect(
      receiveInbound(
        { write: hub.write },
        {
          id: newId(),
          conversationId: newId(),
          authorName: 'X',
          text: 'x',
          receivedAt: Date.now(),
        },
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('a batch of inbound messages', () => {
  const conversation = async (id: string) =>
    conversationFromRow(
      await hub.store.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    );

  it('stores a mixed batch exactly as one-by-one delivery would, with a fixed set of changes', async () => {
    const rows = await hub.store.db
      .selectFrom('conversations')
      .select(['id', 'status', 'waiting_since'])
      .orderBy('id')
      .execute();
    const resolved = rows.find((r) => r.status === 'resolved')!;
    const waiting = rows.find((r) => r.status === 'open' && r.waiting_since !== null)!;
    const other = rows.find((r) => r.id !== resolved.id && r.id !== waiting.id)!;
    const before = {
      resolved: await conversation(resolved.id),
      waiting: await conversation(waiting.id),
      other: await conversation(other.id),
    };
    const stored = newId();
    await receiveInbound(
      { write: hub.write },
      { id: stored, conversationId: other.id, authorName: 'C', text: 'first', receivedAt: 1 },
    );
    const { cursor } = await pullAll(root);
    const at = Date.now();
    const m = (conversationId: string, text: string, dt: number, id = newId()) => ({
      id,
      conversationId,
      authorName: 'Customer',
      text,
      receivedAt: at + dt,
    });
    const repeated = newId();
    const batch = [
      m(resolved.id, 'one', 0),
      m(waiting.id, 'two', 1),
      m(resolved.id, 'three', 2),
      m(other.id, 'again', 3, stored), // already stored: a redelivery
      m(newId(), 'lost', 4), // no such conversation
      m(resolved.id, 'four', 5, repeated),
      m(waiting.id, 'four again', 6, repeated), // the same id twice in one batch
    ];
    const outcomes = await hub.write((trx, changes) => applyInboundBatch(trx, changes, batch));
    expect(outcomes.map((o) => (o instanceof PromptlyError ? o.code : o))).toEqual([
      'stored',
      'stored',
      'stored',
      'duplicate',
      'not_found',
      'stored',
      'duplicate',
    ]);

    const texts = await hub.store.db
      .selectFrom('messages')
      .select(['id', 'text', 'conversation_id'])
      .where(
        'id',
        'in',
        batch.map((x) => x.id),
      )
      .execute();
    expect(texts.find((t) => t.id === stored)?.text).toBe('first');
    expect(texts.find((t) => t.id === repeated)?.conversation_id).toBe(resolved.id);
    expect(texts).toHaveLength(5);

    const reopened = await conversation(resolved.id);
    expect(reopened).toMatchObject({
      status: 'open',
      preview: 'four',
      waitingSince: at,
      lastMessageAt: Math.max(before.resolved.lastMessageAt, at + 5),
      updatedAt: at + 5,
      version: before.resolved.version + 3,
    });
    const stillWaiting = await conversation(waiting.id);
    expect(stillWaiting).toMatchObject({
      waitingSince: before.waiting.waitingSince,
      preview: 'two',
      version: before.waiting.version + 1,
    });
    expect((await conversation(other.id)).version).toBe(before.other.version + 1);

    // The log: each stored message in order, then each touched conversation's final state once.
    const after = await pullAll(root, cursor);
    expect(
      after.changes.map((c) =>
        c.op === 'put' && c.entity === 'message'
          ? c.data.text
          : c.op === 'put' && c.entity === 'conversation'
            ? `${c.data.id}@${c.data.version}`
            : `${c.entity}:${c.op}`,
      ),
    ).toEqual([
      'one',
      'two',
      'three',
      'four',
      `${resolved.id}@${reopened.version}`,
      `${waiting.id}@${stillWaiting.version}`,
    ]);
    const logged = after.changes.find(
      (c) => c.op === 'put' && c.entity === 'conversation' && c.data.id === resolved.id,
    );
    expect(logged?.op === 'put' && logged.data).toEqual(reopened);
  });

  it('tells each caller of the queue about its own message only', async () => {
    const target = await hub.store.db
      .selectFrom('conversations')
      .select('id')
      .executeTakeFirstOrThrow();
    const queue = createInboundQueue({ write: hub.write });
    const id = newId();
    const results = await Promise.allSettled([
      queue.receive({ id, conversationId: target.id, authorName: 'Q', text: 'a', receivedAt: 1 }),
      queue.receive({ id, conversationId: target.id, authorName: 'Q', text: 'b', receivedAt: 2 }),
      queue.receive({
        id: newId(),
        conversationId: newId(),
        authorName: 'Q',
        text: 'c',
        receivedAt: 3,
      }),
      queue.receive({
        id: newId(),
        conversationId: target.id,
        authorName: 'Q',
        text: 'd',
        receivedAt: 4,
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'not_found' });
    const stored = await hub.store.db
      .selectFrom('messages')
      .select('text')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.text).toBe('a');
  });
});
