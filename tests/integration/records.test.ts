import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { AdminUserResponse } from '#shared/contracts/admin.ts';
import { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import type { Change } from '#shared/domain/change.ts';
import { ackSchema, PromptlyError } from '#shared/logic/ack.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { conversationFromRow } from '../../src-hub/domain/records.ts';
import { recordSurveyResponse } from '../../src-hub/domain/surveys.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

/**
 * Canned responses, saved views and survey answers: who may change them, who receives them by
 * pull and by snapshot. Demo cast: ada (agent, Support), sam (agent, Billing), lin (lead of
 * both), root (admin), and lea, created here as the lead of Support only.
 */

let hub: TestHub;
const people: Record<string, { id: string; socket: Socket }> = {};
const sockets: Socket[] = [];
let support: string;
let billing: string;

const db = () => hub.store.db;
const p = (name: string) => people[name]!;

async function join(name: string, email: string, password?: string) {
  const { token, user } = await loginAs(hub, email, ...(password ? [password] : []));
  const socket = await connectAgent(hub, token);
  sockets.push(socket);
  people[name] = { id: user.id, socket };
}

beforeAll(async () => {
  hub = await startTestHub();
  const team = async (name: string) =>
    (await db().selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow())
      .id;
  support = await team('Support');
  billing = await team('Billing & Accounts');
  const root = await loginAs(hub, 'root@demo.test');
  const res = await fetch(`${hub.url}/api/v1/admin/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${root.token}` },
    body: JSON.stringify({
      email: 'lea@records.test',
      name: 'Lea Support-Lead',
      role: 'lead',
      password: 'a-sturdy-passphrase',
      teamIds: [support],
    }),
  });
  expect(res.status).toBe(201);
  AdminUserResponse.parse(await res.json());
  for (const name of ['ada', 'sam', 'lin', 'root']) await join(name, `${name}@demo.test`);
  await join('lea', 'lea@records.test', 'a-sturdy-passphrase');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
});

async function expectRefused(result: Promise<unknown>, code: string) {
  expect(await result).toMatchObject({ ok: false, code });
}

/** What `who` receives by pull after `cursor`, for one entity: puts and deleted ids. */
async function received(who: string, cursor: number, entity: Change['entity']) {
  const { changes } = await pullAll(p(who).socket, cursor);
  const mine = changes.filter((c) => c.entity === entity);
  return {
    puts: mine.flatMap((c) => (c.op === 'put' ? [c.data as { id: string }] : [])),
    deletes: mine.flatMap((c) => (c.op === 'delete' ? [c.id] : [])),
  };
}

const canned = (teamId: string | null, shortcut: string, extra: Record<string, unknown> = {}) => ({
  cannedId: newId(),
  teamId,
  title: `Title ${shortcut}`,
  shortcut,
  body: 'Hi {{customer.firstName}}, thanks for waiting.',
  ...extra,
});

describe('canned responses', () => {
  it('a lead manages their team’s responses; the team sees them, other teams do not', async () => {
    const cursor = await headSeq(db());
    const args = canned(support, '  Refund-Fast ');
    expect(await mutate(p('lea').socket, 'canned.save', args)).toMatchObject({ ok: true });
    const row = await db()
      .selectFrom('canned_responses')
      .selectAll()
      .where('id', '=', args.cannedId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ shortcut: 'refund-fast', team_id: support, version: 1 });

    expect((await received('ada', cursor, 'canned')).puts.map((c) => c.id)).toEqual([
      args.cannedId,
    ]);
    expect((await received('lin', cursor, 'canned')).puts.map((c) => c.id)).toEqual([
      args.cannedId,
    ]);
    expect((await received('sam', cursor, 'canned')).puts).toEqual([]);
  });

  it('refuses other teams’ responses as not found, and agents as forbidden', async () => {
    const args = canned(support, 'secret-support');
    expect(await mutate(p('lea').socket, 'canned.save', args)).toMatchObject({ ok: true });
    // sam (Billing) cannot learn that a Support response exists.
    await expectRefused(
      mutate(p('sam').socket, 'canned.delete', { cannedId: args.cannedId }),
      'not_found',
    );
    await expectRefused(
      mutate(p('sam').socket, 'canned.save', { ...args, teamId: billing }),
      'not_found',
    );
    // ada sees it (her team) but agents manage nothing.
    await expectRefused(
      mutate(p('ada').socket, 'canned.save', { ...args, title: 'Mine now' }),
      'forbidden',
    );
    await expectRefused(
      mutate(p('ada').socket, 'canned.delete', { cannedId: args.cannedId }),
      'forbidden',
    );
    await expectRefused(
      mutate(p('ada').socket, 'canned.save', canned(support, 'ada-new')),
      'forbidden',
    );
    await expectRefused(
      mutate(p('sam').socket, 'canned.save', canned(null, 'sam-global')),
      'forbidden',
    );
    // A lead stays within their own teams, and workspace-wide is for admins.
    await expectRefused(
      mutate(p('lea').socket, 'canned.save', canned(billing, 'lea-billing')),
      'forbidden',
    );
    await expectRefused(
      mutate(p('lea').socket, 'canned.save', canned(null, 'lea-global')),
      'forbidden',
    );
    await expectRefused(
      mutate(p('lea').socket, 'canned.save', { ...args, teamId: billing }),
      'forbidden',
    );
    await expectRefused(
      mutate(p('lea').socket, 'canned.save', canned(newId(), 'nowhere')),
      'invalid_input',
    );

    const row = await db()
      .selectFrom('canned_responses')
      .selectAll()
      .where('id', '=', args.cannedId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: args.title, team_id: support, version: 1 });
    expect(
      await db()
        .selectFrom('canned_responses')
        .select('id')
        .where('shortcut', 'in', ['ada-new', 'sam-global', 'lea-billing', 'lea-global', 'nowhere'])
        .execute(),
    ).toEqual([]);
  });

  it('keeps shortcuts unique within a scope, not across scopes', async () => {
    const first = canned(support, 'greet-once');
    expect(await mutate(p('lea').socket, 'canned.save', first)).toMatchObject({ ok: true });
    await expectRefused(
      mutate(p('lea').socket, 'canned.save', canned(support, 'GREET-ONCE')),
      'conflict',
    );
    // The same shortcut in another team, and workspace-wide, is fine.
    expect(
      await mutate(p('lin').socket, 'canned.save', canned(billing, 'greet-once')),
    ).toMatchObject({ ok: true });
    expect(await mutate(p('root').socket, 'canned.save', canned(null, 'greet-once'))).toMatchObject(
      { ok: true },
    );
    await expectRefused(
      mutate(p('root').socket, 'canned.save', canned(null, 'greet-once')),
      'conflict',
    );
    // Renaming a response onto its own shortcut is not a clash with itself.
    expect(
      await mutate(p('lea').socket, 'canned.save', { ...first, title: 'Renamed' }),
    ).toMatchObject({ ok: true });
  });

  it('sends workspace-wide responses to everyone; only admins change them', async () => {
    const cursor = await headSeq(db());
    const args = canned(null, 'everyone');
    expect(await mutate(p('root').socket, 'canned.save', args)).toMatchObject({ ok: true });
    for (const who of ['ada', 'sam', 'lea'])
      expect((await received(who, cursor, 'canned')).puts.map((c) => c.id)).toContain(
        args.cannedId,
      );
    await expectRefused(
      mutate(p('lin').socket, 'canned.save', { ...args, body: 'Changed' }),
      'forbidden',
    );
    await expectRefused(
      mutate(p('lin').socket, 'canned.delete', { cannedId: args.cannedId }),
      'forbidden',
    );
  });

  it('moving a response to another team takes it from the old team and gives it to the new', async () => {
    const args = canned(support, 'moving');
    expect(await mutate(p('lin').socket, 'canned.save', args)).toMatchObject({ ok: true });
    const cursor = await headSeq(db());
    expect(
      await mutate(p('lin').socket, 'canned.save', { ...args, teamId: billing }),
    ).toMatchObject({ ok: true });
    const ada = await received('ada', cursor, 'canned');
    expect(ada).toEqual({ puts: [], deletes: [args.cannedId] });
    const sam = await received('sam', cursor, 'canned');
    expect(sam.puts).toMatchObject([{ id: args.cannedId, teamId: billing, version: 2 }]);
    // lea led it in Support; in Billing it is out of her reach and out of her sight.
    await expectRefused(
      mutate(p('lea').socket, 'canned.delete', { cannedId: args.cannedId }),
      'not_found',
    );

    const before = await headSeq(db());
    expect(
      await mutate(p('lin').socket, 'canned.delete', { cannedId: args.cannedId }),
    ).toMatchObject({ ok: true });
    expect((await received('sam', before, 'canned')).deletes).toEqual([args.cannedId]);
    expect((await received('ada', before, 'canned')).deletes).toEqual([]);
    await expectRefused(
      mutate(p('lin').socket, 'canned.delete', { cannedId: args.cannedId }),
      'not_found',
    );
  });

  it('refuses malformed shortcuts and empty bodies before touching the database', async () => {
    for (const bad of [
      canned(support, 'has space'),
      canned(support, '-leading'),
      canned(support, 'x'.repeat(33)),
      canned(support, 'ok', { body: '   ' }),
      canned(support, 'ok', { title: '' }),
      canned(support, 'ok', { body: 'x'.repeat(10_001) }),
    ])
      await expectRefused(mutate(p('lin').socket, 'canned.save', bad), 'invalid_input');
  });
});

const filter = {
  statuses: ['open', 'pending'],
  tags: ['vip', 'vip', 'refund'],
  assignee: 'me',
  waitingMoreThanMs: 3_600_000,
};

describe('saved views', () => {
  it('are stored with defaults and sent to their owner alone, admins included', async () => {
    const cursor = await headSeq(db());
    const viewId = newId();
    expect(
      await mutate(p('ada').socket, 'view.save', { viewId, name: ' Waiting VIPs ', filter }),
    ).toMatchObject({ ok: true });
    const mine = await received('ada', cursor, 'view');
    expect(mine.puts).toEqual([
      expect.objectContaining({
        id: viewId,
        ownerId: p('ada').id,
        name: 'Waiting VIPs',
        filter: {
          channels: [],
          statuses: ['open', 'pending'],
          priorities: [],
          tags: ['vip', 'refund'],
          slaStates: [],
          waitingMoreThanMs: 3_600_000,
          assignee: 'me',
          teamIds: [],
          sort: 'longest_waiting',
        },
        version: 1,
      }),
    ]);
    for (const who of ['sam', 'lin', 'root'])
      expect(await received(who, cursor, 'view')).toEqual({ puts: [], deletes: [] });
  });

  it('cannot be read, changed or deleted by anyone but the owner', async () => {
    const viewId = newId();
    expect(
      await mutate(p('ada').socket, 'view.save', { viewId, name: 'Mine', filter: {} }),
    ).toMatchObject({ ok: true });
    for (const who of ['sam', 'lin', 'root']) {
      await expectRefused(
        mutate(p(who).socket, 'view.save', { viewId, name: 'Stolen', filter: {} }),
        'not_found',
      );
      await expectRefused(mutate(p(who).socket, 'view.delete', { viewId }), 'not_found');
    }
    const row = await db()
      .selectFrom('saved_views')
      .selectAll()
      .where('id', '=', viewId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Mine', owner_id: p('ada').id, version: 1 });

    const cursor = await headSeq(db());
    expect(
      await mutate(p('ada').socket, 'view.save', {
        viewId,
        name: 'Mine, renamed',
        filter: { sort: 'newest' },
      }),
    ).toMatchObject({ ok: true });
    expect(await mutate(p('ada').socket, 'view.delete', { viewId })).toMatchObject({ ok: true });
    const seen = await received('ada', cursor, 'view');
    expect(seen.puts).toMatchObject([{ id: viewId, name: 'Mine, renamed', version: 2 }]);
    expect(seen.deletes).toEqual([viewId]);
    expect(await received('root', cursor, 'view')).toEqual({ puts: [], deletes: [] });
  });

  it('refuses filters the inbox could not apply', async () => {
    for (const bad of [
      { statuses: ['closed'] },
      { slaStates: ['late'] },
      { assignee: 'someone' },
      { sort: 'random' },
      { waitingMoreThanMs: -1 },
      { waitingMoreThanMs: 1.5 },
      { tags: ['has space'] },
      { teamIds: ['not-a-team'] },
      { channels: ['fax'] },
      { unknownCriterion: true },
    ])
      await expectRefused(
        mutate(p('ada').socket, 'view.save', { viewId: newId(), name: 'Bad', filter: bad }),
        'invalid_input',
      );
  });

  it('replays a retried save instead of applying it twice', async () => {
    const id = newId();
    const args = { viewId: newId(), name: 'Retry', filter: {} };
    const first = await mutate(p('ada').socket, 'view.save', args, id);
    const again = await mutate(p('ada').socket, 'view.save', args, id);
    expect(first).toMatchObject({ ok: true, value: { replayed: false } });
    expect(again).toMatchObject({ ok: true, value: { replayed: true } });
  });
});

async function conversationIn(team: string, status?: string) {
  let q = db().selectFrom('conversations').selectAll().where('team_id', '=', team).orderBy('id');
  if (status) q = q.where('status', '=', status);
  return conversationFromRow(await q.executeTakeFirstOrThrow());
}

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PromptlyError);
  return (error as PromptlyError).code;
};

describe('survey responses', () => {
  it('validates scores per kind and answers with typed errors', async () => {
    const c = await conversationIn(support);
    const record = (answer: Record<string, unknown>) =>
      refusal(recordSurveyResponse({ write: hub.write }, { conversationId: c.id, ...answer }));
    for (const [kind, score] of [
      ['csat', 0],
      ['csat', 6],
      ['ces', 0],
      ['ces', 8],
      ['nps', -1],
      ['nps', 11],
      ['nps', 4.5],
      ['csat', '5'],
      ['stars', 3],
    ] as const)
      expect(await record({ kind, score })).toBe('invalid_input');
    expect(await record({ kind: 'csat', score: 4, comment: 'x'.repeat(2001) })).toBe(
      'invalid_input',
    );
    expect(await record({ kind: 'csat', score: 4, extra: true })).toBe('invalid_input');
    expect(
      await refusal(
        recordSurveyResponse(
          { write: hub.write },
          { conversationId: newId(), kind: 'csat', score: 4 },
        ),
      ),
    ).toBe('not_found');
    expect(await refusal(recordSurveyResponse({ write: hub.write }, null))).toBe('invalid_input');
  });

  it('the database refuses an out-of-scale score even past the hub’s own checks', async () => {
    const c = await conversationIn(support);
    await expect(
      db()
        .insertInto('survey_responses')
        .values({
          id: newId(),
          kind: 'csat',
          score: 7,
          comment: '',
          conversation_id: c.id,
          customer_id: c.customerId,
          agent_id: null,
          team_id: c.teamId,
          created_at: new Date(),
        })
        .execute(),
    ).rejects.toThrow();
  });

  it('is scoped like its conversation, keeps hostile comments verbatim, and replaces a repeat', async () => {
    const c = await conversationIn(support);
    const cursor = await headSeq(db());
    const hostile = '<img src=x onerror=alert(1)> {{agent.firstName}} \u202eevil';
    const stored = await recordSurveyResponse(
      { write: hub.write, now: () => 1_700_000_000_000 },
      {
        conversationId: c.id,
        kind: 'nps',
        score: 0,
        comment: hostile,
      },
    );
    expect(stored).toMatchObject({
      kind: 'nps',
      score: 0,
      comment: hostile,
      conversationId: c.id,
      customerId: c.customerId,
      teamId: support,
      createdAt: 1_700_000_000_000,
    });
    expect((await received('ada', cursor, 'survey')).puts).toEqual([stored]);
    expect((await received('sam', cursor, 'survey')).puts).toEqual([]);

    const again = await recordSurveyResponse(
      { write: hub.write },
      { conversationId: c.id, kind: 'nps', score: 9 },
    );
    expect(again).toMatchObject({ id: stored.id, score: 9, comment: '' });
    const rows = await db()
      .selectFrom('survey_responses')
      .selectAll()
      .where('conversation_id', '=', c.id)
      .where('kind', '=', 'nps')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('has no mutator: agents read survey answers, they never write them', async () => {
    for (const name of ['survey.save', 'survey.record', 'survey.delete'])
      expect(
        await p('lin').socket.timeout(5000).emitWithAck('mutate', { id: newId(), name, args: {} }),
      ).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('follows its conversation to a new team on transfer', async () => {
    const c = await conversationIn(support, 'resolved');
    const answer = await recordSurveyResponse(
      { write: hub.write },
      { conversationId: c.id, kind: 'csat', score: 5 },
    );
    const cursor = await headSeq(db());
    expect(
      await mutate(p('lin').socket, 'conversation.assign', {
        conversationId: c.id,
        assigneeId: null,
        teamId: billing,
      }),
    ).toMatchObject({ ok: true });
    expect((await received('sam', cursor, 'survey')).puts.map((s) => s.id)).toContain(answer.id);
  });

  it('moves to the surviving customer when two customers are merged', async () => {
    const c = await conversationIn(support);
    const answer = await recordSurveyResponse(
      { write: hub.write },
      { conversationId: c.id, kind: 'ces', score: 6 },
    );
    const other = await db()
      .selectFrom('customers')
      .select('id')
      .where('id', '!=', c.customerId)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const cursor = await headSeq(db());
    expect(
      await mutate(p('lin').socket, 'customer.merge', {
        sourceId: c.customerId,
        targetId: other.id,
      }),
    ).toMatchObject({ ok: true });
    const moved = (await received('ada', cursor, 'survey')).puts.find((s) => s.id === answer.id);
    expect(moved).toMatchObject({ customerId: other.id });
  });
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
  const all = <K extends keyof SyncSnapshotPage>(key: K) =>
    pages.flatMap((p) => p[key] as unknown[]);
  return { pages, all };
}

describe('bootstrap snapshot', () => {
  it('carries identities, promises, surveys, canned responses and the user’s own views', async () => {
    const viewId = newId();
    expect(
      await mutate(p('sam').socket, 'view.save', { viewId, name: 'Sam only', filter: {} }),
    ).toMatchObject({ ok: true });
    const { pages, all } = await snapshot(p('ada').socket);
    const conversations = new Set((all('conversations') as { id: string }[]).map((c) => c.id));
    const customers = new Set((all('customers') as { id: string }[]).map((c) => c.id));

    const identities = all('identities') as { customerId: string }[];
    expect(identities.length).toBeGreaterThan(0);
    expect(identities.every((i) => customers.has(i.customerId))).toBe(true);
    const expectedIdentities = await db()
      .selectFrom('customer_identities')
      .select('id')
      .where('customer_id', 'in', [...customers])
      .execute();
    expect(identities).toHaveLength(expectedIdentities.length);

    const surveys = all('surveys') as { conversationId: string }[];
    expect(surveys.length).toBeGreaterThan(0);
    expect(surveys.every((s) => conversations.has(s.conversationId))).toBe(true);

    const callbacks = all('callbacks') as {
      conversationId: string;
      ownerId: string;
      status: string;
    }[];
    expect(callbacks.length).toBeGreaterThan(0);
    const inWindow = await db()
      .selectFrom('callback_promises')
      .select('id')
      .where('conversation_id', 'in', [...conversations])
      .execute();
    const ids = new Set((callbacks as unknown as { id: string }[]).map((c) => c.id));
    expect(inWindow.every((r) => ids.has(r.id))).toBe(true);

    // Canned responses and views ride on the first page only.
    expect(pages.slice(1).every((pg) => pg.canned.length === 0 && pg.views.length === 0)).toBe(
      true,
    );
    const visibleCanned = await db()
      .selectFrom('canned_responses')
      .select('id')
      .where((eb) => eb.or([eb('team_id', 'is', null), eb('team_id', '=', support)]))
      .execute();
    expect(pages[0]!.canned.map((c) => c.id).sort()).toEqual(visibleCanned.map((c) => c.id).sort());
    expect(pages[0]!.canned.some((c) => c.teamId === billing)).toBe(false);
    const adaViews = await db()
      .selectFrom('saved_views')
      .select('id')
      .where('owner_id', '=', p('ada').id)
      .execute();
    expect(pages[0]!.views.map((v) => v.id).sort()).toEqual(adaViews.map((v) => v.id).sort());
    expect(pages[0]!.views.some((v) => v.id === viewId)).toBe(false);
  });

  it('gives every open promise the user may see, even outside the window', async () => {
    const { all } = await snapshot(p('ada').socket, 1);
    const callbacks = all('callbacks') as { id: string; status: string }[];
    const teams = [support];
    const open = await db()
      .selectFrom('callback_promises')
      .innerJoin('conversations', 'conversations.id', 'callback_promises.conversation_id')
      .select('callback_promises.id')
      .where('callback_promises.status', '=', 'scheduled')
      .where((eb) =>
        eb.or([
          eb('callback_promises.owner_id', '=', p('ada').id),
          eb('conversations.team_id', 'in', teams),
          eb('conversations.assignee_id', '=', p('ada').id),
        ]),
      )
      .execute();
    expect(open.length).toBeGreaterThan(0);
    const got = new Set(callbacks.map((c) => c.id));
    expect(open.every((o) => got.has(o.id))).toBe(true);
    // Their customers come along, so the reminder can say who to call.
    const customers = new Set((all('customers') as { id: string }[]).map((c) => c.id));
    const promised = await db()
      .selectFrom('callback_promises')
      .select('customer_id')
      .where(
        'id',
        'in',
        open.map((o) => o.id),
      )
      .execute();
    expect(promised.every((r) => customers.has(r.customer_id))).toBe(true);
  });

  it('leaves out other teams’ surveys and promises', async () => {
    const { all } = await snapshot(p('sam').socket);
    const supportOnly = await db()
      .selectFrom('survey_responses')
      .innerJoin('conversations', 'conversations.id', 'survey_responses.conversation_id')
      .select('survey_responses.id')
      .where('conversations.team_id', '=', support)
      .where((eb) =>
        eb.or([
          eb('conversations.assignee_id', 'is', null),
          eb('conversations.assignee_id', '!=', p('sam').id),
        ]),
      )
      .execute();
    expect(supportOnly.length).toBeGreaterThan(0);
    const got = new Set((all('surveys') as { id: string }[]).map((s) => s.id));
    expect(supportOnly.some((s) => got.has(s.id))).toBe(false);
    const supportPromises = await db()
      .selectFrom('callback_promises')
      .innerJoin('conversations', 'conversations.id', 'callback_promises.conversation_id')
      .select('callback_promises.id')
      .where('conversations.team_id', '=', support)
      .where('callback_promises.owner_id', '!=', p('sam').id)
      .execute();
    expect(supportPromises.length).toBeGreaterThan(0);
    const promised = new Set((all('callbacks') as { id: string }[]).map((c) => c.id));
    expect(supportPromises.some((c) => promised.has(c.id))).toBe(false);
  });
});
