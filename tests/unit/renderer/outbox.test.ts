import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { openDb, type PromptlyDb } from '../../../src-renderer/data/db.ts';
import { enqueue } from '../../../src-renderer/data/outbox.ts';
import { rebasePending } from '../../../src-renderer/data/optimistic.ts';
import { applyPage } from '../../../src-renderer/data/apply-changes.ts';
import { newId } from '../../../src-renderer/data/ids.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const me = { id: uid(), name: 'Ada Lovelace', role: 'agent' } as SessionUser;
const conversation = (over: Partial<Conversation> = {}): Conversation =>
  ({
    id: uid(),
    customerId: uid(),
    channel: 'email',
    subject: 'Where is my order?',
    status: 'open',
    priority: 'normal',
    tags: [],
    teamId: uid(),
    assigneeId: null,
    firstMessageId: null,
    preview: 'hi',
    lastMessageAt: 10,
    waitingSince: 10,
    snoozedUntil: null,
    createdAt: 1,
    updatedAt: 10,
    version: 3,
    ...over,
  }) as Conversation;

let db: PromptlyDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

describe('enqueue', () => {
  it('writes the optimistic change and the outbox row together', async () => {
    db = openDb(`outbox-${uid()}`);
    const c = conversation();
    await db.conversations.put(c);
    const messageId = newId();
    await enqueue({ db, me, now: () => 500 }, 'conversation.reply', {
      conversationId: c.id,
      messageId: messageId as never,
      text: 'On its way!',
    });
    expect(await db.messages.get(messageId as never)).toMatchObject({
      direction: 'outbound',
      text: 'On its way!',
      authorId: me.id,
      deliveryStatus: 'queued',
    });
    expect(await db.conversations.get(c.id)).toMatchObject({
      waitingSince: null,
      preview: 'On its way!',
      lastMessageAt: 500,
    });
    const rows = await db.outbox.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: 'conversation.reply', status: 'pending', attempts: 0 });
  });

  it('refuses invalid arguments before writing anything', async () => {
    db = openDb(`outbox-${uid()}`);
    const c = conversation();
    await db.conversations.put(c);
    await expect(
      enqueue({ db, me }, 'conversation.reply', {
        conversationId: c.id,
        messageId: newId() as never,
        text: '   ',
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.conversations.get(c.id)).toEqual(c);
  });

  it('keeps its order: outbox rows come back oldest first', async () => {
    db = openDb(`outbox-${uid()}`);
    const c = conversation();
    await db.conversations.put(c);
    for (const priority of ['high', 'low', 'urgent'] as const)
      await enqueue({ db, me }, 'conversation.set-priority', { conversationId: c.id, priority });
    const pending = await db.outbox.where('status').equals('pending').toArray();
    expect(pending.map((r) => (r.args as { priority: string }).priority)).toEqual([
      'high',
      'low',
      'urgent',
    ]);
  });
});

describe('rebase after a pull', () => {
  it('puts pending changes back on top of fresher server data', async () => {
    db = openDb(`outbox-${uid()}`);
    const c = conversation();
    await db.conversations.put(c);
    await db.meta.put({ key: 'me', value: me });
    await enqueue({ db, me }, 'conversation.set-priority', {
      conversationId: c.id,
      priority: 'urgent',
    });
    // The hub sends a newer version that does not know our pending change yet.
    const fromHub = { ...c, subject: 'Where is my order? (updated)', version: 4 };
    await applyPage(db, [{ seq: 1, entity: 'conversation', op: 'put', data: fromHub }], 1, 1);
    expect(await db.conversations.get(c.id)).toMatchObject({
      subject: 'Where is my order? (updated)',
      priority: 'urgent',
      version: 4,
    });
  });

  it('leaves conversations without pending work alone', async () => {
    db = openDb(`outbox-${uid()}`);
    const a = conversation();
    await db.conversations.put(a);
    await rebasePending(db, me);
    expect(await db.conversations.get(a.id)).toEqual(a);
  });

  it('drops a revoked conversation together with its thread', async () => {
    db = openDb(`outbox-${uid()}`);
    const c = conversation();
    await db.conversations.put(c);
    await enqueue({ db, me }, 'conversation.reply', {
      conversationId: c.id,
      messageId: newId() as never,
      text: 'hello',
    });
    await applyPage(db, [{ seq: 9, entity: 'conversation', op: 'delete', id: c.id }], 9, 1);
    expect(await db.conversations.get(c.id)).toBeUndefined();
    expect(await db.messages.count()).toBe(0);
  });
});

const V1_STORES = {
  conversations: 'id, lastMessageAt, [status+lastMessageAt], customerId, teamId, assigneeId',
  messages: 'id, [conversationId+createdAt], customerId',
  customers: 'id, name, email, phone',
  agents: 'id',
  teams: 'id',
  meta: 'key',
};

describe('local schema migrations', () => {
  it('v1 → latest adds the outbox and the newer tables', async () => {
    const name = `migrate-${uid()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores(V1_STORES);
    await v1.table('conversations').put(conversation());
    v1.close();

    db = openDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(4);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.callbacks.count()).toBe(0);
    expect(await db.identities.count()).toBe(0);
    expect(await db.notifications.count()).toBe(0);
    expect(await db.views.count()).toBe(0);
    expect(await db.canned.count()).toBe(0);
    expect(await db.surveys.count()).toBe(0);
  });

  it('v3 → v4 clears server data and its cursor (so it resyncs) but keeps the outbox', async () => {
    const name = `migrate-${uid()}`;
    const v3 = new Dexie(name);
    v3.version(1).stores(V1_STORES);
    v3.version(2).stores({ outbox: '++seq, &id, status' });
    v3.version(3).stores({
      identities: 'id, customerId, [kind+value]',
      callbacks: 'id, conversationId, customerId, ownerId, [status+dueAt]',
    });
    // Stored by a desktop that did not know snoozedUntil: the field is missing, not null.
    const { snoozedUntil: _dropped, ...legacy } = conversation({ status: 'snoozed' });
    await v3.table('conversations').put(legacy);
    await v3.table('meta').bulkPut([
      { key: 'cursor', value: 42 },
      { key: 'me', value: me },
    ]);
    await v3.table('outbox').add({
      id: newId(),
      name: 'conversation.set-status',
      args: { conversationId: legacy.id, status: 'open' },
      createdAt: 5,
      attempts: 0,
      status: 'pending',
      error: null,
    });
    v3.close();

    db = openDb(name);
    await db.open();
    expect(await db.conversations.count()).toBe(0);
    expect(await db.meta.get('cursor')).toBeUndefined();
    expect(await db.meta.get('me')).toMatchObject({ value: me });
    expect(await db.outbox.toArray()).toEqual([
      expect.objectContaining({ name: 'conversation.set-status', status: 'pending' }),
    ]);
  });

  it('v6 indexes the mentions of notes cached before it, and adds local read marks', async () => {
    const name = `migrate-${uid()}`;
    const v4 = new Dexie(name);
    v4.version(1).stores(V1_STORES);
    v4.version(2).stores({ outbox: '++seq, &id, status' });
    v4.version(3).stores({
      identities: 'id, customerId, [kind+value]',
      callbacks: 'id, conversationId, customerId, ownerId, [status+dueAt]',
    });
    v4.version(4).stores({ notifications: 'id, createdAt' });
    const mentioned = uid();
    await v4.table('messages').put({ id: 'note-1', conversationId: uid(), mentions: [mentioned] });
    v4.close();

    db = openDb(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect(await db.messages.where('mentions').equals(mentioned).primaryKeys()).toEqual(['note-1']);
    expect(await db.reads.count()).toBe(0);
  });
});

describe('newId', () => {
  it('is strictly increasing even within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
