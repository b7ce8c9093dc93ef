import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { ConversationViewers, PresenceEntry } from '#shared/contracts/socket.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';

let hub: TestHub;
const open: Socket[] = [];
const users: Record<string, { token: string; id: string }> = {};

beforeAll(async () => {
  hub = await startTestHub();
  for (const name of ['ada', 'sam', 'lin']) {
    const { token, user } = await loginAs(hub, `${name}@demo.test`);
    users[name] = { token, id: user.id };
  }
});
afterAll(async () => {
  for (const s of open) s.close();
  await hub?.stop();
});

const connect = async (name: string) => {
  const socket = await connectAgent(hub, users[name]!.token);
  open.push(socket);
  return socket;
};
const nextEvent = <T>(
  socket: Socket,
  event: string,
  parse: (v: unknown) => T,
  match: (v: T) => boolean,
) =>
  new Promise<T>((resolve) => {
    const handler = (raw: unknown) => {
      const value = parse(raw);
      if (match(value)) {
        socket.off(event, handler);
        resolve(value);
      }
    };
    socket.on(event, handler);
  });
const presenceOf = (socket: Socket, userId: string, status: string) =>
  nextEvent(
    socket,
    'presence:changed',
    (v) => PresenceEntry.parse(v),
    (e) => e.userId === userId && e.status === status,
  );

describe('presence', () => {
  it('tells everyone when an agent comes online, steps away and leaves', async () => {
    const lin = await connect('lin');
    const online = presenceOf(lin, users.ada!.id, 'online');
    const ada = await connect('ada');
    await online;

    const list = (await lin.emitWithAck('presence:list', {})) as {
      ok: true;
      value: PresenceEntry[];
    };
    expect(list.value).toEqual(
      expect.arrayContaining([
        { userId: users.ada!.id, status: 'online' },
        { userId: users.lin!.id, status: 'online' },
      ]),
    );

    const away = presenceOf(lin, users.ada!.id, 'away');
    expect(await ada.emitWithAck('presence:set', { status: 'away' })).toEqual({
      ok: true,
      value: null,
    });
    await away;

    const offline = presenceOf(lin, users.ada!.id, 'offline');
    ada.close();
    await offline;
  });

  it('stays online while one of several desktops is still connected', async () => {
    const lin = await connect('lin');
    const first = await connect('sam');
    const second = await connect('sam');
    await second.emitWithAck('presence:set', { status: 'away' });
    const list = (await lin.emitWithAck('presence:list', {})) as {
      ok: true;
      value: PresenceEntry[];
    };
    expect(list.value.find((e) => e.userId === users.sam!.id)?.status).toBe('online');
    const away = presenceOf(lin, users.sam!.id, 'away');
    first.close();
    await away;
  });
});

describe('who is viewing and typing', () => {
  /** The nth Support conversation: tests leave their sockets open, so each takes its own. */
  async function supportConversation(nth = 0) {
    const teams = await hub.store.db.selectFrom('teams').selectAll().execute();
    const support = teams.find((t) => t.name === 'Support')!;
    const row = await hub.store.db
      .selectFrom('conversations')
      .select('id')
      .where('team_id', '=', support.id)
      .orderBy('id')
      .offset(nth)
      .limit(1)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('shows both agents on one conversation, with typing, and drops one when they leave', async () => {
    const id = await supportConversation();
    const ada = await connect('ada');
    const lin = await connect('lin');
    const first = (await ada.emitWithAck('conversation:view', { conversationId: id })) as {
      ok: true;
      value: ConversationViewers;
    };
    expect(first.value.viewers.map((v) => v.name)).toEqual(['Ada Lovelace']);

    const adaSeesLin = nextEvent(
      ada,
      'conversation:viewers',
      (v) => ConversationViewers.parse(v),
      (v) => v.viewers.length === 2,
    );
    await lin.emitWithAck('conversation:view', { conversationId: id, typing: true });
    const both = await adaSeesLin;
    expect(both.viewers).toEqual(
      expect.arrayContaining([{ userId: users.lin!.id, name: 'Lin Chen', typing: true }]),
    );

    const linAlone = nextEvent(
      lin,
      'conversation:viewers',
      (v) => ConversationViewers.parse(v),
      (v) => v.viewers.length === 1,
    );
    await ada.emitWithAck('conversation:view', { conversationId: null });
    expect((await linAlone).viewers[0]?.userId).toBe(users.lin!.id);
  });

  it('tells everyone who may see a conversation that it is open, for their inbox rows', async () => {
    const id = await supportConversation(1);
    const mateoLogin = await loginAs(hub, 'mateo@demo.test');
    const mateo = await connectAgent(hub, mateoLogin.token);
    open.push(mateo);
    const sam = await connect('sam');
    const samHeard: unknown[] = [];
    sam.on('inbox:viewing', (v: unknown) => samHeard.push(v));
    const ada = await connect('ada');

    // Mateo (Support, not in the conversation's room) hears that Ada opened it.
    const opened = nextEvent(
      mateo,
      'inbox:viewing',
      (v) => ConversationViewers.parse(v),
      (v) => v.conversationId === id && v.viewers.some((x) => x.userId === users.ada!.id),
    );
    await ada.emitWithAck('conversation:view', { conversationId: id });
    expect((await opened).viewers).toEqual([
      { userId: users.ada!.id, name: 'Ada Lovelace', typing: false },
    ]);
    const list = (await mateo.emitWithAck('viewing:list', {})) as {
      ok: true;
      value: ConversationViewers[];
    };
    expect(list.value.find((v) => v.conversationId === id)?.viewers.map((v) => v.userId)).toEqual([
      users.ada!.id,
    ]);

    // Typing is news too; leaving ends it.
    const replying = nextEvent(
      mateo,
      'inbox:viewing',
      (v) => ConversationViewers.parse(v),
      (v) => v.conversationId === id && v.viewers.some((x) => x.typing),
    );
    await ada.emitWithAck('conversation:view', { conversationId: id, typing: true });
    await replying;
    const left = nextEvent(
      mateo,
      'inbox:viewing',
      (v) => ConversationViewers.parse(v),
      (v) => v.conversationId === id && v.viewers.length === 0,
    );
    ada.close();
    await left;

    // Sam (Billing) never hears about a Support conversation, live or listed.
    const samList = (await sam.emitWithAck('viewing:list', {})) as {
      ok: true;
      value: ConversationViewers[];
    };
    expect(samList.value.some((v) => v.conversationId === id)).toBe(false);
    expect(samHeard.some((v) => ConversationViewers.parse(v).conversationId === id)).toBe(false);
  });

  it('refuses to let an agent watch a conversation they may not see', async () => {
    const id = await supportConversation();
    const sam = await connect('sam');
    expect(await sam.emitWithAck('conversation:view', { conversationId: id })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });
});
