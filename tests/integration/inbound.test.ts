import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { receiveInbound } from '../../src-hub/domain/inbound.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
let ada: Socket;
beforeAll(async () => {
  hub = await startTestHub();
  ada = await connectAgent(hub, (await loginAs(hub, 'ada@demo.test')).token);
});
afterAll(async () => {
  ada?.close();
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
