import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import type { Change } from '#shared/domain/change.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Identity } from '#shared/domain/identity.ts';
import type { Message } from '#shared/domain/message.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import type { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { applyPage, applySnapshotPage } from '../../../src-renderer/data/apply-changes.ts';
import { openDb, SERVER_TABLES, type PromptlyDb } from '../../../src-renderer/data/db.ts';
import { enqueue } from '../../../src-renderer/data/outbox.ts';
import { searchConversations, searchCustomers } from '../../../src-renderer/data/search.ts';
import { indexSearchBacklog } from '../../../src-renderer/data/search-backlog.ts';

let n = 0;
const T0 = 1_700_000_000_000;
const uid = (at = T0 + ++n) => formatUuidV7(at, new Uint8Array(10).fill(++n % 256));
const me = {
  id: uid(),
  name: 'Ada Lovelace',
  role: 'agent',
  teamIds: [],
} as unknown as SessionUser;

let db: PromptlyDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

const customer = (over: Partial<Customer> = {}): Customer =>
  ({
    id: uid(),
    name: 'Grace Hopper',
    email: null,
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
    subject: 'Question',
    status: 'open',
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

let clock = T0;
const message = (c: Conversation, text: string, over: Partial<Message> = {}): Message => {
  clock += 1_000;
  return {
    id: uid(clock),
    conversationId: c.id,
    customerId: c.customerId,
    direction: 'inbound',
    channel: c.channel,
    authorType: 'customer',
    authorId: null,
    authorName: 'Customer',
    text,
    html: null,
    attachments: [],
    call: null,
    deliveryStatus: 'received',
    createdAt: clock,
    ...over,
  } as Message;
};

const identity = (customerId: string, kind: Identity['kind'], value: string): Identity =>
  ({ id: uid(), customerId, kind, value, createdAt: 1 }) as Identity;

function page(over: Partial<SyncSnapshotPage>): SyncSnapshotPage {
  return {
    conversations: [],
    messages: [],
    customers: [],
    agents: [],
    teams: [],
    notifications: [],
    identities: [],
    callbacks: [],
    surveys: [],
    canned: [],
    views: [],
    cursor: 1,
    nextPage: null,
    ...over,
  };
}

async function fixture() {
  db = openDb(`search-${uid()}`);
  const grace = customer({
    name: 'Grace Hopper',
    email: 'grace@navy.example',
    phone: '+1 (555) 010-0199',
  });
  const alan = customer({
    name: 'Alan Turing',
    company: 'Bletchley Park',
    email: null,
    phone: null,
  });
  const c1 = conversation(grace.id, { subject: 'Refund for order 1234', lastMessageAt: 10 });
  const c2 = conversation(alan.id, { subject: 'Login trouble', lastMessageAt: 20 });
  const c3 = conversation(alan.id, { subject: 'Rückerstattung', lastMessageAt: 5 });
  const m1 = message(c1, 'Hi, I would like a refund for my order please');
  const m2 = message(c2, 'I cannot log in; password reset never arrives');
  const m3 = message(c1, 'Any news about the refund? It was the blue order.');
  const m4 = message(c3, 'Ich möchte eine Rückerstattung für 東京都 bitte');
  await applySnapshotPage(
    db,
    page({
      customers: [grace, alan],
      conversations: [c1, c2, c3],
      messages: [m1, m2, m3, m4],
      identities: [
        identity(alan.id, 'email', 'alan@bletchley.example'),
        identity(alan.id, 'phone', '+447700900123'),
      ],
    }),
    1,
  );
  await indexSearchBacklog(db);
  return { grace, alan, c1, c2, c3, m1, m2, m3, m4 };
}

describe('searchConversations', () => {
  it('ANDs prefixes and returns conversations with their newest matching message, newest first', async () => {
    const f = await fixture();
    const r = await searchConversations(db, 'refu ord');
    expect(r.terms).toEqual(['refu', 'ord']);
    expect(r.hits.map((h) => h.conversation.id)).toEqual([f.c1.id]);
    expect(r.hits[0]!.message?.id).toBe(f.m3.id);
    const { text, ranges } = r.hits[0]!.excerpt;
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['refu', 'ord']);
    expect(r.partial).toBe(false);
  });

  it('matches subjects, folded accents and CJK', async () => {
    const f = await fixture();
    expect((await searchConversations(db, 'LOGIN')).hits.map((h) => h.conversation.id)).toEqual([
      f.c2.id,
    ]);
    const accents = await searchConversations(db, 'ruckerst');
    expect(accents.hits.map((h) => h.conversation.id)).toEqual([f.c3.id]);
    expect((await searchConversations(db, '京都')).hits.map((h) => h.message?.id)).toEqual([
      f.m4.id,
    ]);
    expect((await searchConversations(db, 'zebra')).hits).toEqual([]);
    expect((await searchConversations(db, '  * ')).hits).toEqual([]);
  });

  it('follows pulled changes: new, edited and deleted messages and conversations', async () => {
    const f = await fixture();
    const m5 = message(f.c2, 'Chargeback filed');
    await applyPage(
      db,
      [
        { seq: 2, entity: 'message', op: 'put', data: m5 },
        { seq: 3, entity: 'message', op: 'put', data: { ...f.m2, text: 'All sorted now' } },
        { seq: 4, entity: 'conversation', op: 'delete', id: f.c1.id },
      ] as Change[],
      4,
      2,
    );
    expect((await searchConversations(db, 'chargeb')).hits.map((h) => h.message?.id)).toEqual([
      m5.id,
    ]);
    expect((await searchConversations(db, 'password')).hits).toEqual([]);
    expect((await searchConversations(db, 'refund')).hits).toEqual([]);
    expect(await db.searchText.get(f.m1.id)).toBeUndefined();
    await applyPage(db, [{ seq: 5, entity: 'message', op: 'delete', id: m5.id }] as Change[], 5, 3);
    expect((await searchConversations(db, 'chargeb')).hits).toEqual([]);
  });

  it('finds an optimistic reply before the hub has it', async () => {
    const f = await fixture();
    await enqueue({ db, me, now: () => T0 + 9e6 }, 'conversation.reply', {
      conversationId: f.c2.id,
      messageId: uid(T0 + 9e6),
      text: 'Sending a magic link instead',
    } as never);
    expect((await searchConversations(db, 'magic lin')).hits.map((h) => h.conversation.id)).toEqual(
      [f.c2.id],
    );
  });

  it('checks common terms on the rows and walks newest first when every term is common', async () => {
    db = openDb(`search-${uid()}`);
    const c = customer();
    const convs = Array.from({ length: 30 }, () => conversation(c.id));
    const messages: Message[] = [];
    // 4,500 rows contain "hello": more than the in-memory intersection takes.
    for (let i = 0; i < 4_500; i++) {
      const rare = i % 1_000 === 7;
      messages.push(
        message(
          convs[rare ? (i - 7) / 1_000 : i % 30]!,
          rare ? `hello rare${i}` : `hello world ${i}`,
        ),
      );
    }
    await applySnapshotPage(db, page({ customers: [c], conversations: convs, messages }), 1);
    await indexSearchBacklog(db);
    const rare = await searchConversations(db, 'hel rare');
    expect(rare.hits.map((h) => h.message?.text)).toEqual([
      'hello rare4007',
      'hello rare3007',
      'hello rare2007',
      'hello rare1007',
      'hello rare7',
    ]);
    const common = await searchConversations(db, 'hello wor', 3);
    expect(common.hits.map((h) => h.message?.text)).toEqual([
      'hello world 4499',
      'hello world 4498',
      'hello world 4497',
    ]);
  });
});

describe('searchCustomers', () => {
  it('finds customers by name word, email, identity and phone digits', async () => {
    const f = await fixture();
    const names = async (q: string) => (await searchCustomers(db, q)).map((h) => h.customer.name);
    expect(await names('hop')).toEqual(['Grace Hopper']);
    expect(await names('grace@na')).toEqual(['Grace Hopper']);
    expect(await names('navy')).toEqual(['Grace Hopper']);
    expect(await names('alan@bl')).toEqual(['Alan Turing']);
    expect(await names('bletch')).toEqual(['Alan Turing']);
    expect(await names('0199')).toEqual(['Grace Hopper']);
    expect(await names('555 010')).toEqual(['Grace Hopper']);
    expect(await names('+1 555')).toEqual(['Grace Hopper']);
    expect(await names('7700 900')).toEqual(['Alan Turing']);
    expect(await names('xyz')).toEqual([]);
    const [alan] = await searchCustomers(db, 'turing');
    expect(alan?.latestConversationId).toBe(f.c2.id);
  });

  it('follows customer edits and identity changes', async () => {
    const f = await fixture();
    const id = identity(f.grace.id, 'phone', '+33 1 23 45 67 89');
    await applyPage(
      db,
      [
        { seq: 2, entity: 'customer', op: 'put', data: { ...f.grace, name: 'Grace Brewster' } },
        { seq: 3, entity: 'identity', op: 'put', data: id },
      ] as Change[],
      3,
      2,
    );
    expect((await searchCustomers(db, 'brewst')).map((h) => h.customer.id)).toEqual([f.grace.id]);
    expect(await searchCustomers(db, 'hopper')).toEqual([]);
    expect((await searchCustomers(db, '4567')).map((h) => h.customer.id)).toEqual([f.grace.id]);
    await applyPage(
      db,
      [{ seq: 4, entity: 'identity', op: 'delete', id: id.id }] as Change[],
      4,
      3,
    );
    expect(await searchCustomers(db, '4567')).toEqual([]);
  });
});

describe('the index and the cache', () => {
  it('is cleared with the server tables on resync', () => {
    expect(SERVER_TABLES).toContain('searchText');
    expect(SERVER_TABLES).toContain('searchCustomers');
  });

  it('is built by the version 7 upgrade from what a version 6 cache holds', async () => {
    const name = `search-upgrade-${uid()}`;
    const old = new Dexie(name);
    old.version(6).stores({
      conversations: 'id, lastMessageAt, [status+lastMessageAt], customerId, teamId, assigneeId',
      messages: 'id, [conversationId+createdAt], customerId, *mentions',
      customers: 'id, name, email, phone',
      identities: 'id, customerId, [kind+value]',
    });
    const grace = customer({ email: 'grace@navy.example' });
    const c = conversation(grace.id, { subject: 'Invoice copy' });
    // More than one upgrade batch of messages.
    const messages = Array.from({ length: 2_345 }, (_, i) => message(c, `message number${i}`));
    await old.table('customers').put(grace);
    await old.table('conversations').put(c);
    await old.table('messages').bulkPut(messages);
    await old.table('identities').put(identity(grace.id, 'phone', '+1 415 555 2671'));
    old.close();

    db = openDb(name);
    expect(await db.searchText.count()).toBe(2_346);
    expect((await searchConversations(db, 'number2344')).hits[0]?.message?.id).toBe(
      messages[2_344]!.id,
    );
    expect((await searchConversations(db, 'invoi')).hits.map((h) => h.conversation.id)).toEqual([
      c.id,
    ]);
    expect((await searchCustomers(db, '2671')).map((h) => h.customer.id)).toEqual([grace.id]);
  });
});
