import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Message } from '#shared/domain/message.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';
import type { Change } from '#shared/domain/change.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Notification } from '#shared/domain/notification.ts';

type Put = Extract<Change, { op: 'put' }>;
function byEntity(changes: Change[], entity: 'conversation'): Conversation[];
function byEntity(changes: Change[], entity: 'message'): Message[];
function byEntity(changes: Change[], entity: 'notification'): Notification[];
function byEntity(changes: Change[], entity: Put['entity']): unknown[] {
  return changes.flatMap((c) => (c.op === 'put' && c.entity === entity ? [c.data] : []));
}

let hub: TestHub;
const people: Record<string, { id: string; socket: Socket }> = {};

beforeAll(async () => {
  hub = await startTestHub();
  for (const name of ['ada', 'mateo', 'sam']) {
    const { token, user } = await loginAs(hub, `${name}@demo.test`);
    people[name] = { id: user.id, socket: await connectAgent(hub, token) };
  }
});
afterAll(async () => {
  for (const person of Object.values(people)) person.socket.close();
  await hub?.stop();
});

const p = (name: string) => people[name]!;
const db = () => hub.store.db;
const teamId = async (name: string) =>
  (await db().selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow())
    .id;
const taken = new Set<string>();
async function supportConversation(where: { channel?: string; notAssignedTo?: string } = {}) {
  let q = db()
    .selectFrom('conversations')
    .selectAll()
    .where('team_id', '=', await teamId('Support'))
    .where('status', 'in', ['open', 'pending']);
  if (where.channel) q = q.where('channel', '=', where.channel);
  const rows = await q.orderBy('id').execute();
  const row = rows.find((r) => !taken.has(r.id) && r.assignee_id !== where.notAssignedTo);
  if (!row) throw new Error('no conversation left');
  taken.add(row.id);
  return conversationFromRow(row);
}

describe('handoff', () => {
  it('assigns and leaves a handoff note in one step; the new agent is told and reads it', async () => {
    const c = await supportConversation({ notAssignedTo: p('mateo').id });
    const noteId = newId();
    const ack = await mutate(p('ada').socket, 'conversation.handoff', {
      conversationId: c.id,
      assigneeId: p('mateo').id,
      noteId,
      note: 'Refund approved by finance; just confirm the amount with her.',
    });
    expect(ack).toMatchObject({ ok: true });
    const { changes } = await pullAll(p('mateo').socket);
    const conv = byEntity(changes, 'conversation').findLast((x) => x.id === c.id);
    expect(conv?.assigneeId).toBe(p('mateo').id);
    const note = byEntity(changes, 'message').find((m) => m.id === noteId);
    expect(note).toMatchObject({
      direction: 'note',
      handoff: true,
      authorId: p('ada').id,
      text: 'Refund approved by finance; just confirm the amount with her.',
    });
    const told = byEntity(changes, 'notification').filter(
      (n) => n.kind === 'assignment' && n.refs.conversationId === c.id,
    );
    expect(told).toHaveLength(1);
  });

  it('transfers to another team with the note; the receiver gets thread and note, the sender loses both', async () => {
    const c = await supportConversation();
    const before = await pullAll(p('ada').socket);
    const noteId = newId();
    const ack = await mutate(p('ada').socket, 'conversation.handoff', {
      conversationId: c.id,
      assigneeId: p('sam').id,
      teamId: await teamId('Billing & Accounts'),
      noteId,
      note: 'Billing question, not a delivery one.',
    });
    expect(ack).toMatchObject({ ok: true });
    const sam = await pullAll(p('sam').socket);
    const samMessages = byEntity(sam.changes, 'message').filter((m) => m.conversationId === c.id);
    expect(samMessages.find((m) => m.id === noteId)).toMatchObject({ handoff: true });
    expect(samMessages.length).toBeGreaterThan(1);
    const ada = await pullAll(p('ada').socket, before.cursor);
    expect(ada.changes).toContainEqual(
      expect.objectContaining({ entity: 'conversation', op: 'delete', id: c.id }),
    );
    expect(byEntity(ada.changes, 'message').some((m) => m.id === noteId)).toBe(false);
  });

  it('writes nothing when the new assignee is not in the team', async () => {
    const c = await supportConversation();
    const noteId = newId();
    const ack = await mutate(p('ada').socket, 'conversation.handoff', {
      conversationId: c.id,
      assigneeId: p('sam').id,
      noteId,
      note: 'over to you',
    });
    expect(ack).toMatchObject({ ok: false, code: 'invalid_input' });
    const note = await db().selectFrom('messages').select('id').where('id', '=', noteId).execute();
    expect(note).toEqual([]);
  });
});

describe('reply on another channel', () => {
  it('answers a phone call by SMS when the customer has a phone, never "by phone"', async () => {
    const c = await supportConversation({ channel: 'phone' });
    const customer = await db()
      .selectFrom('customers')
      .select(['phone', 'email'])
      .where('id', '=', c.customerId)
      .executeTakeFirstOrThrow();
    expect(customer.phone).toBeTruthy();
    const byPhone = await mutate(p('ada').socket, 'conversation.reply.v2', {
      conversationId: c.id,
      messageId: newId(),
      text: 'Following up on our call',
      channel: 'phone',
    });
    expect(byPhone).toMatchObject({ ok: false, code: 'invalid_input' });
    const messageId = newId();
    const bySms = await mutate(p('ada').socket, 'conversation.reply.v2', {
      conversationId: c.id,
      messageId,
      text: 'Following up on our call',
      channel: 'sms',
    });
    expect(bySms).toMatchObject({ ok: true });
    const { changes } = await pullAll(p('ada').socket);
    const sent = byEntity(changes, 'message').find((m: Message) => m.id === messageId);
    expect(sent).toMatchObject({ channel: 'sms', direction: 'outbound', conversationId: c.id });
  });

  it('refuses a channel the customer has no address for', async () => {
    const c = await supportConversation();
    await db()
      .updateTable('customers')
      .set({ email: null })
      .where('id', '=', c.customerId)
      .execute();
    await db()
      .deleteFrom('customer_identities')
      .where('customer_id', '=', c.customerId)
      .where('kind', '=', 'email')
      .execute();
    const ack = await mutate(p('ada').socket, 'conversation.reply.v2', {
      conversationId: c.id,
      messageId: newId(),
      text: 'hello',
      channel: 'email',
    });
    // A conversation on email itself is answerable on its own channel, even with no address on file.
    if (c.channel === 'email') expect(ack).toMatchObject({ ok: true });
    else expect(ack).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});
