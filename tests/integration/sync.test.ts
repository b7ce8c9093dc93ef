import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { Agent } from '#shared/domain/user.ts';
import { ConversationListResponse } from '#shared/contracts/http.ts';
import { HttpErrorBody } from '#shared/logic/ack.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { byEntity, pullAll } from './support/pull.ts';

let hub: TestHub;
const sockets: Socket[] = [];
const session: Record<string, { token: string; userId: string; socket: Socket }> = {};

beforeAll(async () => {
  hub = await startTestHub();
  for (const name of ['ada', 'sam', 'lin', 'root']) {
    const { token, user } = await loginAs(hub, `${name}@demo.test`);
    const socket = await connectAgent(hub, token);
    sockets.push(socket);
    session[name] = { token, userId: user.id, socket };
  }
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
});

const who = (name: string) => {
  const s = session[name];
  if (!s) throw new Error(`no session for ${name}`);
  return s;
};

async function visibleTo(name: string) {
  const { changes } = await pullAll(who(name).socket);
  return {
    conversations: byEntity(changes, 'conversation') as Conversation[],
    messages: byEntity(changes, 'message') as Message[],
    agents: byEntity(changes, 'agent') as Agent[],
  };
}

describe('sync:pull visibility', () => {
  it('gives each agent exactly their teams\u2019 conversations and those assigned to them', async () => {
    const all = (await hub.store.db.selectFrom('conversations').selectAll().execute()).map(
      conversationFromRow,
    );
    const members = await hub.store.db.selectFrom('team_members').selectAll().execute();
    for (const name of ['ada', 'sam']) {
      const { userId } = who(name);
      const teams = new Set(members.filter((m) => m.user_id === userId).map((m) => m.team_id));
      const expected = all
        .filter((c) => teams.has(c.teamId) || c.assigneeId === userId)
        .map((c) => c.id);
      const { conversations, messages } = await visibleTo(name);
      expect(conversations.map((c) => c.id).sort()).toEqual(expected.sort());
      expect(expected.length).toBeLessThan(all.length);
      const visible = new Set(expected);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((m) => visible.has(m.conversationId))).toBe(true);
    }
  });

  it('keeps ada (Support) and sam (Billing) apart', async () => {
    const ada = new Set((await visibleTo('ada')).conversations.map((c) => c.id));
    const sam = (await visibleTo('sam')).conversations.map((c) => c.id);
    expect(ada.size).toBeGreaterThan(0);
    expect(sam.length).toBeGreaterThan(0);
    expect(sam.filter((id) => ada.has(id))).toEqual([]);
  });

  it('lets the lead see both teams and the admin see everything', async () => {
    const total = Number(
      (
        await hub.store.db
          .selectFrom('conversations')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const lin = await visibleTo('lin');
    const root = await visibleTo('root');
    expect(root.conversations.length).toBe(total);
    expect(lin.conversations.length).toBeGreaterThan((await visibleTo('ada')).conversations.length);
    expect(total).toBeGreaterThanOrEqual(200);
  });

  it('shares the directory (agents) with everyone', async () => {
    const { agents } = await visibleTo('ada');
    expect(agents.map((a) => a.email)).toEqual(
      expect.arrayContaining(['ada@demo.test', 'sam@demo.test']),
    );
  });

  it('pages without gaps or repeats and ends at the log head', async () => {
    const small = await pullAll(who('root').socket, 0, 37);
    const big = await pullAll(who('root').socket, 0, 1000);
    expect(small.pages).toBeGreaterThan(big.pages);
    expect(small.changes.map((c) => c.seq)).toEqual(big.changes.map((c) => c.seq));
    const seqs = small.changes.map((c) => c.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const again = await pullAll(who('root').socket, big.cursor);
    expect(again.changes).toEqual([]);
    expect(again.cursor).toBe(big.cursor);
  });
});

describe('sync:poke', () => {
  it('pokes the team that can see a change, and the pull then returns it', async () => {
    const ada = who('ada');
    const sam = who('sam');
    const { cursor } = await pullAll(ada.socket);
    const { cursor: samCursor } = await pullAll(sam.socket);
    const target = (await visibleTo('ada')).conversations.find((c) => c.assigneeId !== sam.userId);
    if (!target) throw new Error('ada has no conversation to change');

    const pokedAda = new Promise<unknown>((resolve) => ada.socket.once('sync:poke', resolve));
    let samPoked = false;
    sam.socket.once('sync:poke', () => (samPoked = true));

    const changed: Conversation = {
      ...target,
      priority: 'urgent',
      version: target.version + 1,
      updatedAt: Date.now(),
    };
    await hub.write(async (trx, changes) => {
      await trx
        .updateTable('conversations')
        .set({ priority: 'urgent', version: changed.version })
        .where('id', '=', target.id)
        .execute();
      changes.push({
        entity: 'conversation',
        entityId: target.id,
        op: 'put',
        teamId: target.teamId,
        assigneeId: target.assigneeId,
        data: changed,
      });
    });

    const poke = (await pokedAda) as { seq: unknown };
    expect(typeof poke.seq).toBe('number');
    const { changes } = await pullAll(ada.socket, cursor);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      entity: 'conversation',
      op: 'put',
      data: { id: target.id, priority: 'urgent' },
    });

    const samPull = await pullAll(sam.socket, samCursor);
    expect(samPull.changes).toEqual([]);
    expect(samPoked).toBe(false);
  });
});

describe('GET /api/v1/conversations', () => {
  const get = (token: string | null, query = '') =>
    fetch(`${hub.url}/api/v1/conversations${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('pages newest activity first with a cursor, only what the caller may see', async () => {
    const { token } = who('sam');
    const seen: Conversation[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        token,
        `?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      const page = ConversationListResponse.parse(await res.json());
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const expected = (await visibleTo('sam')).conversations;
    expect(seen.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    const times = seen.map((c) => c.lastMessageAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('refuses a missing or bad token with 401', async () => {
    expect((await get(null)).status).toBe(401);
    expect((await get('garbage')).status).toBe(401);
  });

  it.each(['?cursor=abc', '?limit=0', '?limit=5000', '?limit=ten', '?extra=1'])(
    'rejects %s with 400',
    async (q) => {
      const res = await get(who('ada').token, q);
      expect(res.status).toBe(400);
      expect(HttpErrorBody.parse(await res.json()).error.code).toBe('invalid_input');
    },
  );
});
