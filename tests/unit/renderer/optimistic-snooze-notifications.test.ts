import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Notification } from '#shared/domain/notification.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { openDb, type PromptlyDb } from '../../../src-renderer/data/db.ts';
import { enqueue } from '../../../src-renderer/data/outbox.ts';
import { applyPage, applySnapshotPage } from '../../../src-renderer/data/apply-changes.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const me = { id: uid(), name: 'Ada Lovelace', role: 'agent' } as SessionUser;
const NOW = 1_800_000_000_000;

let db: PromptlyDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

async function open() {
  db = openDb(`snooze-notifications-${uid()}`);
  await db.meta.put({ key: 'me', value: me });
}

const conversation = (over: Partial<Conversation> = {}): Conversation =>
  ({
    id: uid(),
    customerId: uid(),
    channel: 'chat',
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
    snoozedUntil: null,
    createdAt: 1,
    updatedAt: 1,
    version: 1,
    ...over,
  }) as Conversation;

const notification = (over: Partial<Notification> = {}): Notification =>
  ({
    id: uid(),
    userId: me.id,
    kind: 'callback.missed',
    title: 'Callback missed',
    body: '',
    refs: { conversationId: uid() },
    createdAt: NOW,
    readAt: null,
    ...over,
  }) as Notification;

describe('optimistic snooze', () => {
  it('snoozes at once and stays snoozed over a pulled copy until the hub answers', async () => {
    await open();
    const c = conversation();
    await db.conversations.put(c);
    await enqueue({ db, me, now: () => NOW }, 'conversation.snooze', {
      conversationId: c.id,
      until: NOW + 60_000,
    });
    expect(await db.conversations.get(c.id)).toMatchObject({
      status: 'snoozed',
      snoozedUntil: NOW + 60_000,
    });
    // A pull lands the hub's copy from before the snooze arrived (a colleague changed priority).
    await applyPage(
      db,
      [{ seq: 5, entity: 'conversation', op: 'put', data: { ...c, priority: 'high', version: 2 } }],
      5,
      NOW,
    );
    expect(await db.conversations.get(c.id)).toMatchObject({
      status: 'snoozed',
      snoozedUntil: NOW + 60_000,
      priority: 'high',
    });
  });

  it('ends a snooze locally when the agent sets a status', async () => {
    await open();
    const c = conversation({ status: 'snoozed', snoozedUntil: NOW + 5 });
    await db.conversations.put(c);
    await enqueue({ db, me, now: () => NOW }, 'conversation.set-status', {
      conversationId: c.id,
      status: 'pending',
    });
    expect(await db.conversations.get(c.id)).toMatchObject({
      status: 'pending',
      snoozedUntil: null,
    });
  });
});

describe('notifications on the desktop', () => {
  it('stores pulled and snapshot notifications', async () => {
    await open();
    const pulled = notification();
    await applyPage(db, [{ seq: 1, entity: 'notification', op: 'put', data: pulled }], 1, NOW);
    expect(await db.notifications.get(pulled.id)).toEqual(pulled);
    const fromSnapshot = notification({ kind: 'mention' });
    await applySnapshotPage(
      db,
      {
        conversations: [],
        messages: [],
        customers: [],
        agents: [],
        teams: [],
        identities: [],
        callbacks: [],
        surveys: [],
        canned: [],
        views: [],
        notifications: [fromSnapshot],
        cursor: 3,
        nextPage: null,
      },
      NOW,
    );
    expect(await db.notifications.count()).toBe(2);
  });

  it('marks read at once, and a pending read survives a pulled unread copy', async () => {
    await open();
    const unread = notification();
    await db.notifications.put(unread);
    await enqueue({ db, me, now: () => NOW + 7 }, 'notification.mark-read', {
      notificationId: unread.id,
    });
    expect((await db.notifications.get(unread.id))?.readAt).toBe(NOW + 7);
    await applyPage(db, [{ seq: 2, entity: 'notification', op: 'put', data: unread }], 2, NOW);
    expect((await db.notifications.get(unread.id))?.readAt).toBe(NOW + 7);
    // Marking an unknown or already read notification changes nothing locally.
    await enqueue({ db, me, now: () => NOW + 9 }, 'notification.mark-read', {
      notificationId: unread.id,
    });
    expect((await db.notifications.get(unread.id))?.readAt).toBe(NOW + 7);
  });
});
