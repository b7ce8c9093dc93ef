import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import type { MutatorArgs, MutatorName } from '#shared/mutators/definitions.ts';
import { openDb, type PromptlyDb } from '../../../src-renderer/data/db.ts';
import {
  applyLocally,
  rebasePending,
  rebasePendingCallbacks,
} from '../../../src-renderer/data/optimistic.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const me = { id: uid(), name: 'Ada Lovelace', role: 'agent' } as SessionUser;
const NOW = 1_800_000_000_000;

let db: PromptlyDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

async function setup() {
  db = openDb(`optimistic-callbacks-${uid()}`);
  const customerId = uid() as Conversation['customerId'];
  const conversation = {
    id: uid(),
    customerId,
    channel: 'phone',
    subject: 'Refund',
    status: 'open',
    priority: 'normal',
    tags: [],
    teamId: uid(),
    assigneeId: null,
    firstMessageId: null,
    preview: '',
    lastMessageAt: 1,
    waitingSince: null,
    createdAt: 1,
    updatedAt: 1,
    version: 1,
  } as unknown as Conversation;
  await db.conversations.put(conversation);
  await db.customers.put({
    id: customerId,
    name: 'Grace',
    email: null,
    phone: null,
    timezone: 'America/New_York',
    company: null,
    notes: '',
    preferences: { likes: [], avoid: [] },
    createdAt: 1,
    updatedAt: 1,
  });
  return conversation;
}

const apply = <N extends MutatorName>(name: N, args: MutatorArgs<N>, now = NOW) =>
  db.transaction(
    'rw',
    [
      db.conversations,
      db.customers,
      db.callbacks,
      db.messages,
      db.identities,
      db.searchText,
      db.searchCustomers,
    ],
    () => applyLocally({ db, me, now }, name, args),
  );

describe('optimistic callbacks', () => {
  it('creates, reschedules and keeps a promise locally with the hub’s lifecycle', async () => {
    const c = await setup();
    const promiseId = uid() as MutatorArgs<'callback.promise'>['promiseId'];
    await apply('callback.promise', {
      promiseId,
      conversationId: c.id,
      dueAt: NOW + 1000,
      note: 'Call back',
    });
    const created = await db.callbacks.get(promiseId);
    expect(created).toMatchObject({
      status: 'scheduled',
      ownerId: me.id,
      timezone: 'America/New_York',
      channel: 'phone',
    });
    expect(
      await db.callbacks
        .where('[status+dueAt]')
        .equals(['scheduled', NOW + 1000])
        .count(),
    ).toBe(1);
    await apply('callback.reschedule', { promiseId, dueAt: NOW + 5000 }, NOW + 1);
    await apply('callback.complete', { promiseId }, NOW + 2);
    // A step the hub would refuse changes nothing locally either.
    await apply('callback.cancel', { promiseId, reason: 'late' }, NOW + 3);
    const kept = await db.callbacks.get(promiseId);
    expect(kept?.status).toBe('kept');
    expect(kept?.history.map((h) => h.action)).toEqual(['promised', 'rescheduled', 'kept']);
  });

  it('rebases pending promises over pulled data, and conversation rebases ignore them', async () => {
    const c = await setup();
    const promiseId = uid() as MutatorArgs<'callback.promise'>['promiseId'];
    await db.outbox.add({
      id: uid(),
      name: 'callback.promise',
      args: { promiseId, conversationId: c.id, dueAt: NOW + 1000, note: '' },
      createdAt: NOW,
      attempts: 0,
      status: 'pending',
      error: null,
    });
    await db.transaction(
      'rw',
      [db.outbox, db.conversations, db.customers, db.callbacks],
      async () => {
        await rebasePending(db, me);
        await rebasePendingCallbacks(db, me);
      },
    );
    expect(await db.callbacks.get(promiseId)).toMatchObject({ dueAt: NOW + 1000 });
    expect(await db.conversations.get(c.id)).toEqual(c);
  });

  it('applies a customer edit locally but leaves merges to the hub', async () => {
    const c = await setup();
    await apply('customer.edit', { customerId: c.customerId, company: 'Initech' });
    expect(await db.customers.get(c.customerId)).toMatchObject({
      company: 'Initech',
      name: 'Grace',
    });
    await apply('customer.merge', {
      sourceId: c.customerId,
      targetId: uid() as typeof c.customerId,
    });
    expect(await db.customers.get(c.customerId)).toBeDefined();
  });
});
