import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { CustomerHistory } from '#shared/contracts/socket.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { openDb, type PromptlyDb } from '../../../src-renderer/data/db.ts';
import { storeCustomerHistory } from '../../../src-renderer/data/history-store.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const me = { id: uid(), name: 'Ada Lovelace', role: 'agent' } as SessionUser;
const customer = (over: Partial<Customer> = {}): Customer =>
  ({
    id: uid(),
    name: 'Grace Hopper',
    email: 'grace@example.test',
    phone: null,
    timezone: null,
    company: null,
    notes: '',
    createdAt: 1,
    updatedAt: 1,
    ...over,
  }) as Customer;
const conversation = (customerId: string, over: Partial<Conversation> = {}): Conversation =>
  ({
    id: uid(),
    customerId,
    channel: 'email',
    subject: 'Invoice question',
    status: 'resolved',
    priority: 'normal',
    tags: [],
    teamId: uid(),
    assigneeId: null,
    firstMessageId: null,
    preview: '',
    lastMessageAt: 1,
    waitingSince: null,
    snoozedUntil: null,
    createdAt: 1,
    updatedAt: 1,
    version: 1,
    ...over,
  }) as Conversation;

let db: PromptlyDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('storeCustomerHistory', () => {
  it('caches the customer with their older conversations, promises and surveys', async () => {
    db = openDb(`history-${uid()}`);
    const c = customer({ preferences: { likes: ['email'], avoid: ['calls before 10'] } });
    const old = conversation(c.id);
    const history = CustomerHistory.parse({
      conversations: [old],
      messages: [],
      customer: c,
      identities: [],
      callbacks: [],
      surveys: [
        {
          id: uid(),
          kind: 'csat',
          score: 4,
          comment: '',
          conversationId: old.id,
          customerId: c.id,
          agentId: null,
          teamId: old.teamId,
          createdAt: 2,
        },
      ],
    });
    await storeCustomerHistory(db, me, history);
    expect(await db.conversations.get(old.id)).toEqual(old);
    expect((await db.customers.get(c.id))?.name).toBe('Grace Hopper');
    expect(await db.surveys.where('customerId').equals(c.id).count()).toBe(1);
    expect((await db.searchCustomers.get(c.id))?.w).toContain('grace');
  });

  it('never replaces fresher cached copies with the older ones it carries', async () => {
    db = openDb(`history-${uid()}`);
    const c = customer({ updatedAt: 5, name: 'Grace B. Hopper' });
    const live = conversation(c.id, { version: 3, status: 'open' });
    await db.customers.put(c);
    await db.conversations.put(live);
    await storeCustomerHistory(
      db,
      me,
      CustomerHistory.parse({
        conversations: [{ ...live, version: 2, status: 'resolved' }],
        messages: [],
        customer: { ...c, updatedAt: 4, name: 'Grace Hopper' },
      }),
    );
    expect(await db.conversations.get(live.id)).toMatchObject({ version: 3, status: 'open' });
    expect((await db.customers.get(c.id))?.name).toBe('Grace B. Hopper');
  });

  it('refreshes a customer cached before preferences existed', async () => {
    db = openDb(`history-${uid()}`);
    const c = customer({ updatedAt: 7 });
    const { preferences: _none, ...legacy } = c as Customer & { preferences?: unknown };
    await db.customers.put(legacy as Customer);
    const preferences = { likes: ['short answers'], avoid: ['phone calls'] };
    await storeCustomerHistory(
      db,
      me,
      CustomerHistory.parse({
        conversations: [conversation(c.id)],
        messages: [],
        customer: { ...c, preferences },
      }),
    );
    expect((await db.customers.get(c.id))?.preferences).toEqual(preferences);
  });
});
