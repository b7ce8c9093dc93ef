import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src-hub/demo/seed.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { startTestHub, type TestHub } from './support/hub.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ demo: true });
});
afterAll(async () => {
  await hub?.stop();
});

type Counted =
  | 'users'
  | 'customers'
  | 'conversations'
  | 'messages'
  | 'changes'
  | 'customer_identities'
  | 'canned_responses'
  | 'survey_responses'
  | 'callback_promises';

async function counts() {
  const db = hub.store.db;
  const n = async (table: Counted) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    users: await n('users'),
    customers: await n('customers'),
    conversations: await n('conversations'),
    messages: await n('messages'),
    changes: await n('changes'),
    identities: await n('customer_identities'),
    canned: await n('canned_responses'),
    surveys: await n('survey_responses'),
    callbacks: await n('callback_promises'),
  };
}

describe('demo seed', () => {
  it('seeds a believable workspace', async () => {
    const c = await counts();
    expect(c.users).toBeGreaterThanOrEqual(4);
    expect(c.customers).toBeGreaterThanOrEqual(50);
    expect(c.conversations).toBeGreaterThanOrEqual(200);
    expect(c.messages).toBeGreaterThan(c.conversations);
    const channels = await hub.store.db
      .selectFrom('conversations')
      .select('channel')
      .distinct()
      .execute();
    expect(channels.map((r) => r.channel)).toEqual(
      expect.arrayContaining(['chat', 'email', 'sms', 'phone']),
    );
  });

  it('derives identities for every customer from their e-mail, phone and chat visits', async () => {
    const db = hub.store.db;
    const customers = await db.selectFrom('customers').selectAll().execute();
    const identities = await db.selectFrom('customer_identities').selectAll().execute();
    const of = (id: string, kind: string) =>
      identities.filter((i) => i.customer_id === id && i.kind === kind);
    const chatters = new Set(
      (
        await db
          .selectFrom('conversations')
          .select('customer_id')
          .where('channel', '=', 'chat')
          .execute()
      ).map((r) => r.customer_id),
    );
    for (const c of customers) {
      if (c.email) expect(of(c.id, 'email').map((i) => i.value)).toEqual([c.email.toLowerCase()]);
      if (chatters.has(c.id)) expect(of(c.id, 'chat_visitor')).toHaveLength(1);
      expect(identities.some((i) => i.customer_id === c.id)).toBe(true);
    }
    expect(identities.filter((i) => i.kind === 'phone').length).toBeGreaterThan(
      customers.length / 2,
    );
    expect(identities.every((i) => i.kind !== 'phone' || /^\+\d{3,15}$/.test(i.value))).toBe(true);
  });

  it('seeds canned responses, survey answers on resolved conversations and promised callbacks', async () => {
    const db = hub.store.db;
    const canned = await db.selectFrom('canned_responses').selectAll().execute();
    expect(canned.some((c) => c.team_id === null)).toBe(true);
    expect(new Set(canned.filter((c) => c.team_id !== null).map((c) => c.team_id)).size).toBe(2);

    const surveys = await db
      .selectFrom('survey_responses')
      .innerJoin('conversations', 'conversations.id', 'survey_responses.conversation_id')
      .select(['kind', 'score', 'status', 'survey_responses.created_at', 'last_message_at'])
      .execute();
    expect(surveys.every((s) => s.status === 'resolved')).toBe(true);
    expect(surveys.every((s) => s.created_at.getTime() > s.last_message_at.getTime())).toBe(true);
    const csat = surveys.filter((s) => s.kind === 'csat').map((s) => s.score);
    expect(csat.length).toBeGreaterThanOrEqual(20);
    const mean = csat.reduce((a, b) => a + b, 0) / csat.length;
    // Mostly happy customers, and a few unhappy ones worth a lead's attention.
    expect(mean).toBeGreaterThan(3.5);
    expect(mean).toBeLessThan(4.8);
    expect(csat.some((s) => s <= 2)).toBe(true);
    expect(new Set(surveys.map((s) => s.kind))).toEqual(new Set(['csat', 'ces', 'nps']));

    const promises = await db.selectFrom('callback_promises').selectAll().execute();
    const now = Date.now();
    const ahead = promises.filter((p) => p.status === 'scheduled');
    expect(ahead.length).toBeGreaterThanOrEqual(2);
    expect(ahead.every((p) => p.due_at.getTime() > now)).toBe(true);
    expect(promises.filter((p) => p.status === 'kept')).toHaveLength(1);
    const missed = promises.filter((p) => p.status === 'missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]!.due_at.getTime()).toBeLessThan(now);
  });

  it('puts every seeded record in the change log, so desktops can sync it', async () => {
    const c = await counts();
    expect(c.changes).toBeGreaterThanOrEqual(
      c.customers +
        c.conversations +
        c.messages +
        c.users +
        c.identities +
        c.canned +
        c.surveys +
        c.callbacks,
    );
    const db = hub.store.db;
    const logged = async (entity: string) =>
      Number(
        (
          await db
            .selectFrom('changes')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('entity', '=', entity)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await logged('identity')).toBe(c.identities);
    expect(await logged('canned')).toBe(c.canned);
    expect(await logged('survey')).toBe(c.surveys);
    expect(await logged('callback')).toBe(c.callbacks);
    expect(await headSeq(hub.store.db)).toBeGreaterThan(0);
  });

  it('is idempotent: seeding again changes nothing', async () => {
    const before = await counts();
    const second = await seedDemo({ write: hub.write });
    expect(second.seeded).toBe(false);
    await Promise.all([seedDemo({ write: hub.write }), seedDemo({ write: hub.write })]);
    expect(await counts()).toEqual(before);
  });

  it('adds the later records once to a workspace seeded before they existed', async () => {
    const db = hub.store.db;
    // Rewind to a first-generation demo workspace: the data, but none of the later records.
    await db.deleteFrom('survey_responses').execute();
    await db.deleteFrom('callback_promises').execute();
    await db.deleteFrom('canned_responses').execute();
    await db.deleteFrom('customer_identities').execute();
    await db.deleteFrom('settings').where('key', '=', 'demo.records-seeded').execute();
    const bare = await counts();
    expect(await seedDemo({ write: hub.write })).toEqual({ seeded: true });
    const upgraded = await counts();
    expect(upgraded.customers).toBe(bare.customers);
    expect(upgraded.conversations).toBe(bare.conversations);
    expect(upgraded.identities).toBeGreaterThanOrEqual(bare.customers);
    expect(upgraded.canned).toBeGreaterThan(0);
    expect(upgraded.surveys).toBeGreaterThan(0);
    expect(upgraded.callbacks).toBeGreaterThan(0);
    expect(await seedDemo({ write: hub.write })).toEqual({ seeded: false });
    expect(await counts()).toEqual(upgraded);
  });
});
