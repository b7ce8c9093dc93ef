import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { ConversationMutatorName } from '#shared/mutators/definitions.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
const people: Record<string, { token: string; id: string; socket: Socket }> = {};
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  for (const name of ['ada', 'sam', 'lin']) {
    const { token, user } = await loginAs(hub, `${name}@demo.test`);
    const socket = await connectAgent(hub, token);
    sockets.push(socket);
    people[name] = { token, id: user.id, socket };
  }
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
});

const p = (name: string) => people[name]!;
const teams = async () =>
  Object.fromEntries(
    (await hub.store.db.selectFrom('teams').selectAll().execute()).map((t) => [t.name, t.id]),
  );
const conversationsOf = async (teamName: string) => {
  const t = (await teams())[teamName];
  const rows = await hub.store.db
    .selectFrom('conversations')
    .selectAll()
    .where('team_id', '=', t!)
    .orderBy('id')
    .execute();
  return rows.map(conversationFromRow);
};
const messageCount = async (conversationId: string) =>
  Number(
    (
      await hub.store.db
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('conversation_id', '=', conversationId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('mutate', () => {
  it('applies a reply, answers with its seq, and the change reaches the team', async () => {
    const [c] = await conversationsOf('Support');
    const before = await messageCount(c!.id);
    const { cursor } = await pullAll(p('ada').socket);
    const messageId = newId();
    const ack = await mutate(p('ada').socket, 'conversation.reply', {
      conversationId: c!.id,
      messageId,
      text: 'Thanks, Grace — a replacement ships today.',
    });
    expect(ack).toMatchObject({ ok: true, value: { replayed: false } });
    expect(await messageCount(c!.id)).toBe(before + 1);
    const { changes } = await pullAll(p('ada').socket, cursor);
    expect(
      changes.find((ch) => ch.op === 'put' && ch.entity === 'message' && ch.data.id === messageId),
    ).toBeTruthy();
    const conv = changes.find((ch) => ch.op === 'put' && ch.entity === 'conversation');
    expect(conv).toMatchObject({
      data: { id: c!.id, waitingSince: null, version: c!.version + 1 },
    });
  });

  it('replays a repeated mutation id: same result, nothing written twice', async () => {
    const [, c] = await conversationsOf('Support');
    const id = newId();
    const args = { conversationId: c!.id, messageId: newId(), text: 'Only once, please.' };
    const first = await mutate(p('ada').socket, 'conversation.reply', args, id);
    const head = await headSeq(hub.store.db);
    const again = await mutate(p('ada').socket, 'conversation.reply', args, id);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.value).toEqual({ seq: first.value.seq, replayed: true });
    expect(await headSeq(hub.store.db)).toBe(head);
  });

  it('applies concurrent retries of one id exactly once', async () => {
    const [, , c] = await conversationsOf('Support');
    const before = await messageCount(c!.id);
    const id = newId();
    const args = { conversationId: c!.id, messageId: newId(), text: 'Racing retries.' };
    const acks = await Promise.all(
      Array.from({ length: 6 }, () => mutate(p('ada').socket, 'conversation.reply', args, id)),
    );
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(new Set(acks.map((a) => (a.ok ? a.value.seq : -1))).size).toBe(1);
    expect(acks.filter((a) => a.ok && !a.value.replayed)).toHaveLength(1);
    expect(await messageCount(c!.id)).toBe(before + 1);
  });

  it('stores a rejection, so replaying the id gives the same answer', async () => {
    const id = newId();
    const bad = { conversationId: newId(), messageId: newId(), text: 'nowhere' };
    const first = await mutate(p('ada').socket, 'conversation.reply', bad, id);
    const again = await mutate(p('ada').socket, 'conversation.reply', bad, id);
    expect(first).toMatchObject({ ok: false, code: 'not_found' });
    expect(again).toEqual(first);
  });

  it('refuses to replay or reveal another agent’s mutation id', async () => {
    const [c] = await conversationsOf('Support');
    const id = newId();
    await mutate(
      p('ada').socket,
      'conversation.set-priority',
      { conversationId: c!.id, priority: 'high' },
      id,
    );
    const stolen = await mutate(
      p('lin').socket,
      'conversation.set-priority',
      { conversationId: c!.id, priority: 'low' },
      id,
    );
    expect(stolen).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('rejects malformed arguments with invalid_input and writes nothing', async () => {
    const [c] = await conversationsOf('Support');
    const head = await headSeq(hub.store.db);
    for (const args of [
      {},
      { conversationId: c!.id, messageId: newId(), text: '   ' },
      { conversationId: c!.id, tags: ['has space'] },
      { conversationId: c!.id, status: 'snoozed' },
    ]) {
      for (const name of [
        'conversation.reply',
        'conversation.set-tags',
        'conversation.set-status',
      ] as const) {
        const ack = await mutate(p('ada').socket, name, args);
        expect(ack).toMatchObject({ ok: false, code: 'invalid_input' });
      }
    }
    expect(await headSeq(hub.store.db)).toBe(head);
  });
});

describe('permissions on commands', () => {
  it('denies every mutator on another team’s conversation as not_found, and writes nothing', async () => {
    const billing = (await conversationsOf('Billing & Accounts')).filter(
      (c) => c.assigneeId !== p('ada').id,
    );
    const target = billing[0]!;
    const head = await headSeq(hub.store.db);
    // Customer mutators act on directory data and are not team-scoped; they are tested elsewhere.
    const argsFor: Record<ConversationMutatorName | 'callback.promise', unknown> = {
      'conversation.reply': { conversationId: target.id, messageId: newId(), text: 'hi' },
      'conversation.note': { conversationId: target.id, messageId: newId(), text: 'hi' },
      'conversation.reply.v2': {
        conversationId: target.id,
        messageId: newId(),
        text: 'hi',
        channel: 'email',
      },
      'conversation.handoff': {
        conversationId: target.id,
        assigneeId: p('ada').id,
        noteId: newId(),
        note: 'over to you',
      },
      'conversation.assign': { conversationId: target.id, assigneeId: p('ada').id },
      'conversation.set-status': { conversationId: target.id, status: 'resolved' },
      'conversation.set-priority': { conversationId: target.id, priority: 'urgent' },
      'conversation.set-tags': { conversationId: target.id, tags: ['x'] },
      'conversation.snooze': { conversationId: target.id, until: Date.now() + 3_600_000 },
      'callback.promise': {
        promiseId: newId(),
        conversationId: target.id,
        dueAt: Date.now() + 3_600_000,
        note: 'hi',
      },
    };
    for (const name of Object.keys(argsFor) as (keyof typeof argsFor)[]) {
      const ack = await mutate(p('ada').socket, name, argsFor[name]);
      expect(ack, name).toMatchObject({ ok: false, code: 'not_found' });
    }
    expect(await headSeq(hub.store.db)).toBe(head);
    const fetched: unknown = await p('ada')
      .socket.timeout(5000)
      .emitWithAck('conversation:fetch', { conversationId: target.id });
    expect(fetched).toMatchObject({ ok: false, code: 'not_found' });
    const rest = await fetch(`${hub.url}/api/v1/conversations/${target.id}`, {
      headers: { authorization: `Bearer ${p('ada').token}` },
    });
    expect(rest.status).toBe(404);
    const own = await fetch(
      `${hub.url}/api/v1/conversations/${(await conversationsOf('Support'))[0]!.id}`,
      { headers: { authorization: `Bearer ${p('ada').token}` } },
    );
    expect(own.status).toBe(200);
  });
});

describe('transfer', () => {
  it('moves a conversation to another team: old viewers drop it, new viewers get the whole thread', async () => {
    const c =
      (await conversationsOf('Support')).find((x) => x.assigneeId === p('ada').id) ??
      (await conversationsOf('Support'))[5]!;
    const billing = (await teams())['Billing & Accounts']!;
    const thread = await messageCount(c.id);
    const ada0 = (await pullAll(p('ada').socket)).cursor;
    const sam0 = (await pullAll(p('sam').socket)).cursor;
    const lin0 = (await pullAll(p('lin').socket)).cursor;

    const ack = await mutate(p('lin').socket, 'conversation.assign', {
      conversationId: c.id,
      teamId: billing,
      assigneeId: p('sam').id,
    });
    expect(ack.ok).toBe(true);

    const ada = await pullAll(p('ada').socket, ada0);
    expect(ada.changes).toEqual([
      expect.objectContaining({ entity: 'conversation', op: 'delete', id: c.id }),
    ]);
    const sam = await pullAll(p('sam').socket, sam0);
    expect(sam.changes.filter((ch) => ch.entity === 'message')).toHaveLength(thread);
    expect(sam.changes.find((ch) => ch.entity === 'conversation')).toMatchObject({
      op: 'put',
      data: { teamId: billing, assigneeId: p('sam').id },
    });
    const lin = await pullAll(p('lin').socket, lin0);
    expect(lin.changes.some((ch) => ch.op === 'delete')).toBe(false);

    const audit = await hub.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', c.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('conversation.transfer');
  });

  it('refuses an assignee outside the conversation’s team', async () => {
    const [c] = await conversationsOf('Support');
    const ack = await mutate(p('lin').socket, 'conversation.assign', {
      conversationId: c!.id,
      assigneeId: p('sam').id,
    });
    expect(ack).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('conflicts', () => {
  it('two agents assigning at once converge on one final state', async () => {
    const c = (await conversationsOf('Support')).at(-1)!;
    const [a, b] = await Promise.all([
      mutate(p('ada').socket, 'conversation.assign', {
        conversationId: c.id,
        assigneeId: p('ada').id,
      }),
      mutate(p('lin').socket, 'conversation.assign', {
        conversationId: c.id,
        assigneeId: p('lin').id,
      }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    const finalRow = conversationFromRow(
      await hub.store.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', c.id)
        .executeTakeFirstOrThrow(),
    );
    const last = (changes: Awaited<ReturnType<typeof pullAll>>['changes']) =>
      changes
        .filter((ch) => ch.op === 'put' && ch.entity === 'conversation' && ch.data.id === c.id)
        .at(-1) as { data: Conversation } | undefined;
    const seenByAda = last((await pullAll(p('ada').socket)).changes);
    const seenByLin = last((await pullAll(p('lin').socket)).changes);
    expect(seenByAda?.data).toEqual(finalRow);
    expect(seenByLin?.data).toEqual(finalRow);
    expect([p('ada').id, p('lin').id]).toContain(finalRow.assigneeId);
  });
});
