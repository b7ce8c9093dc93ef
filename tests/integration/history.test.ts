import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { clientEvents } from '#shared/contracts/socket.ts';
import { ackSchema } from '#shared/logic/ack.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';

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

async function adaTeams() {
  const rows = await hub.store.db
    .selectFrom('team_members')
    .select('team_id')
    .where('user_id', '=', adaId)
    .execute();
  return new Set(rows.map((m) => m.team_id));
}

const history = async (customerId: string) =>
  ackSchema(clientEvents['customer:history'].ack).parse(
    await ada.timeout(10_000).emitWithAck('customer:history', { customerId }),
  );

describe('customer:history', () => {
  it('returns a customer’s conversations the agent may see, of any age, with their threads', async () => {
    const all = (await hub.store.db.selectFrom('conversations').selectAll().execute()).map(
      conversationFromRow,
    );
    const teams = new Set(
      (
        await hub.store.db
          .selectFrom('team_members')
          .select('team_id')
          .where('user_id', '=', adaId)
          .execute()
      ).map((m) => m.team_id),
    );
    const visible = (c: (typeof all)[number]) => teams.has(c.teamId) || c.assigneeId === adaId;
    const old = all.find((c) => visible(c) && c.lastMessageAt < Date.now() - 90 * 86_400_000);
    if (!old) throw new Error('the demo has no conversation older than 90 days for ada');
    const ack = await history(old.customerId);
    if (!ack.ok) throw new Error(ack.message);
    const expected = all
      .filter((c) => c.customerId === old.customerId && visible(c))
      .map((c) => c.id);
    expect(ack.value.conversations.map((c) => c.id).sort()).toEqual(expected.sort());
    expect(ack.value.conversations.map((c) => c.id)).toContain(old.id);
    const ids = new Set(expected);
    expect(ack.value.messages.every((m) => ids.has(m.conversationId))).toBe(true);
    expect(ack.value.messages.some((m) => m.conversationId === old.id)).toBe(true);
    // The customer as they are now, with every identity, promise and survey of those conversations.
    expect(ack.value.customer?.id).toBe(old.customerId);
    const identities = await hub.store.db
      .selectFrom('customer_identities')
      .select('id')
      .where('customer_id', '=', old.customerId)
      .execute();
    expect(ack.value.identities.map((i) => i.id).sort()).toEqual(
      identities.map((i) => i.id).sort(),
    );
    for (const table of ['callback_promises', 'survey_responses'] as const) {
      const rows = await hub.store.db
        .selectFrom(table)
        .select('id')
        .where('conversation_id', 'in', expected)
        .execute();
      const got = table === 'callback_promises' ? ack.value.callbacks : ack.value.surveys;
      expect(got.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
    }
  });

  it('carries kept and missed promises, not only open ones', async () => {
    const kept = await hub.store.db
      .selectFrom('callback_promises')
      .innerJoin('conversations', 'conversations.id', 'callback_promises.conversation_id')
      .select(['callback_promises.id', 'conversations.customer_id'])
      .where('callback_promises.status', '!=', 'scheduled')
      .where('conversations.team_id', 'in', [...(await adaTeams())])
      .executeTakeFirst();
    if (!kept) throw new Error('the demo has no settled promise in ada’s teams');
    const ack = await history(kept.customer_id);
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.value.callbacks.map((p) => p.id)).toContain(kept.id);
  });

  it('hides another team’s conversations of the same customer', async () => {
    const all = (await hub.store.db.selectFrom('conversations').selectAll().execute()).map(
      conversationFromRow,
    );
    const billing = (await hub.store.db.selectFrom('teams').selectAll().execute()).find(
      (t) => t.name !== 'Support',
    )!;
    const foreign = all.find((c) => c.teamId === billing.id && c.assigneeId !== adaId)!;
    const ack = await history(foreign.customerId);
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.value.conversations.map((c) => c.id)).not.toContain(foreign.id);
    expect(ack.value.messages.some((m) => m.conversationId === foreign.id)).toBe(false);
    const ids = new Set(ack.value.conversations.map((c) => c.id));
    expect(ack.value.callbacks.every((p) => ids.has(p.conversationId))).toBe(true);
    expect(ack.value.surveys.every((r) => ids.has(r.conversationId))).toBe(true);
  });

  it('says nothing about a customer the agent sees no conversation of', async () => {
    const teams = await adaTeams();
    const rows = await hub.store.db
      .selectFrom('conversations')
      .select(['customer_id', 'team_id', 'assignee_id'])
      .execute();
    const seen = new Set(
      rows.filter((r) => teams.has(r.team_id) || r.assignee_id === adaId).map((r) => r.customer_id),
    );
    const stranger = rows.find((r) => !seen.has(r.customer_id));
    if (!stranger) throw new Error('the demo has no customer hidden from ada');
    const ack = await history(stranger.customer_id);
    if (!ack.ok) throw new Error(ack.message);
    expect(ack.value).toEqual({
      conversations: [],
      messages: [],
      customer: null,
      identities: [],
      callbacks: [],
      surveys: [],
    });
  });
});
