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

async function counts() {
  const db = hub.store.db;
  const n = async (table: 'users' | 'customers' | 'conversations' | 'messages' | 'changes') =>
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

  it('puts every seeded record in the change log, so desktops can sync it', async () => {
    const c = await counts();
    expect(c.changes).toBeGreaterThanOrEqual(c.customers + c.conversations + c.messages + c.users);
    expect(await headSeq(hub.store.db)).toBeGreaterThan(0);
  });

  it('is idempotent: seeding again changes nothing', async () => {
    const before = await counts();
    const second = await seedDemo({ write: hub.write });
    expect(second.seeded).toBe(false);
    await Promise.all([seedDemo({ write: hub.write }), seedDemo({ write: hub.write })]);
    expect(await counts()).toEqual(before);
  });
});
