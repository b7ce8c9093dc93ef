import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { ackSchema } from '#shared/logic/ack.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
let ada: Socket;
let adaId: string;
beforeAll(async () => {
  hub = await startTestHub();
  const login = await loginAs(hub, 'ada@demo.test');
  adaId = login.user.id;
  ada = await connectAgent(hub, login.token);
});
afterAll(async () => {
  ada?.close();
  await hub?.stop();
});

async function snapshot(socket: Socket, windowDays?: number) {
  const pages: SyncSnapshotPage[] = [];
  let page: string | undefined;
  do {
    const args = { ...(page ? { page } : {}), ...(windowDays ? { windowDays } : {}) };
    const ack = ackSchema(SyncSnapshotPage).parse(
      await socket.timeout(20_000).emitWithAck('sync:snapshot', args),
    );
    if (!ack.ok) throw new Error(ack.message);
    pages.push(ack.value);
    page = ack.value.nextPage ?? undefined;
  } while (page);
  return pages;
}

describe('sync:snapshot', () => {
  it('gives a fresh desktop the recent window it may see, with threads, customers and directory', async () => {
    const head = await headSeq(hub.store.db);
    const pages = await snapshot(ada);
    const conversations = pages.flatMap((p) => p.conversations);
    const cutoff = Date.now() - 90 * 86_400_000;
    const members = await hub.store.db
      .selectFrom('team_members')
      .select('team_id')
      .where('user_id', '=', adaId)
      .execute();
    const teams = new Set(members.map((m) => m.team_id));
    const expected = (await hub.store.db.selectFrom('conversations').selectAll().execute())
      .map(conversationFromRow)
      .filter((c) => (teams.has(c.teamId) || c.assigneeId === adaId) && c.lastMessageAt >= cutoff);
    expect(conversations.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(new Set(conversations.map((c) => c.id)).size).toBe(conversations.length);
    const ids = new Set(conversations.map((c) => c.id));
    const messages = pages.flatMap((p) => p.messages);
    expect(messages.length).toBeGreaterThan(conversations.length);
    expect(messages.every((m) => ids.has(m.conversationId))).toBe(true);
    const customers = new Set(pages.flatMap((p) => p.customers).map((c) => c.id));
    expect(conversations.every((c) => customers.has(c.customerId))).toBe(true);
    expect(pages[0]!.agents.length).toBeGreaterThanOrEqual(4);
    expect(pages.every((p) => p.cursor === head)).toBe(true);
  });

  it('is narrower with a shorter window', async () => {
    const all = (await snapshot(ada)).flatMap((p) => p.conversations).length;
    const day = (await snapshot(ada, 1)).flatMap((p) => p.conversations).length;
    expect(day).toBeGreaterThan(0);
    expect(day).toBeLessThan(all);
  });

  it('hands over to the log without a gap: changes after the snapshot arrive by pull', async () => {
    const pages = await snapshot(ada);
    const cursor = pages[0]!.cursor;
    const target = pages[0]!.conversations[0]!;
    await mutate(
      ada,
      'conversation.set-priority',
      { conversationId: target.id, priority: target.priority === 'urgent' ? 'low' : 'urgent' },
      newId(),
    );
    const { changes } = await pullAll(ada, cursor);
    expect(
      changes.some((c) => c.op === 'put' && c.entity === 'conversation' && c.data.id === target.id),
    ).toBe(true);
  });

  it('refuses a forged page token', async () => {
    expect(
      await ada.timeout(5000).emitWithAck('sync:snapshot', { page: '1.2.not-an-id' }),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});
