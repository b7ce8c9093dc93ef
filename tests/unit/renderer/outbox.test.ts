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

describe('local schema migration v1 → v2', () => {
  it('keeps every cached record and adds the outbox', async () => {
    const name = `migrate-${uid()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      conversations: 'id, lastMessageAt, [status+lastMessageAt], customerId, teamId, assigneeId',
      messages: 'id, [conversationId+createdAt], customerId',
      customers: 'id, name, email, phone',
      agents: 'id',
      teams: 'id',
      meta: 'key',
    });
    const c = conversation();
    await v1.table('conversations').put(c);
    await v1.table('meta').put({ key: 'cursor', value: 42 });
    v1.close();

    db = openDb(name);
    await db.open();
    // v3 (identities, callbacks) and v5 (canned, views, surveys) add server tables on top; the
    // v1 data still comes through.
    expect(db.verno).toBe(5);
    expect(await db.conversations.get(c.id)).toEqual(c);
    expect(await db.meta.get('cursor')).toEqual({ key: 'cursor', value: 42 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.callbacks.count()).toBe(0);
    expect(await db.identities.count()).toBe(0);
    expect(await db.views.count()).toBe(0);
  });
});

describe('newId', () => {
  it('is strictly increasing even within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => newId());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
