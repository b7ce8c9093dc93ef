import { describe, expect, it } from 'vitest';
import type { CallbackPromiseId } from '#shared/domain/callback.ts';
import { CallbackPromise } from '#shared/domain/callback.ts';
import { missPromise, newPromise, promiseDeadline } from '#shared/domain/callback-lifecycle.ts';
import { Change } from '#shared/domain/change.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import { Notification } from '#shared/domain/notification.ts';
import type { ConversationId, CustomerId, UserId } from '#shared/logic/ids.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import {
  conversationPatches,
  isNoop,
  MAX_SNOOZE_AHEAD_MS,
  snoozeProblem,
} from '#shared/mutators/conversation-patches.ts';
import { parseMutatorArgs } from '#shared/mutators/definitions.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const NOW = 1_800_000_000_000;

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

describe('snooze', () => {
  it('accepts any epoch time in the schema and leaves the clock to the hub', () => {
    const conversationId = uid();
    expect(parseMutatorArgs('conversation.snooze', { conversationId, until: 5 }).success).toBe(
      true,
    );
    for (const until of [-1, 1.5, '5', null]) {
      expect(parseMutatorArgs('conversation.snooze', { conversationId, until }).success).toBe(
        false,
      );
    }
    expect(
      parseMutatorArgs('conversation.snooze', { conversationId, until: 5, status: 'open' }).success,
    ).toBe(false);
    // set-status still cannot snooze: a snooze without a wake time would never end.
    expect(
      parseMutatorArgs('conversation.set-status', { conversationId, status: 'snoozed' }).success,
    ).toBe(false);
  });

  it('judges the wake time against the clock: future, at most a year ahead', () => {
    expect(snoozeProblem(NOW, NOW)).toMatch(/future/);
    expect(snoozeProblem(NOW, NOW - 1)).toMatch(/future/);
    expect(snoozeProblem(NOW, NOW + 1)).toBeNull();
    expect(snoozeProblem(NOW, NOW + MAX_SNOOZE_AHEAD_MS)).toBeNull();
    expect(snoozeProblem(NOW, NOW + MAX_SNOOZE_AHEAD_MS + 1)).toMatch(/year/);
  });

  it('snoozes, re-snoozes, and any explicit status ends the snooze', () => {
    const c = conversation();
    const args = { conversationId: c.id, until: NOW + 1000 };
    const snoozed = { ...c, ...conversationPatches['conversation.snooze'](c, args, NOW) };
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: NOW + 1000 });
    expect(isNoop(snoozed, conversationPatches['conversation.snooze'](snoozed, args, NOW))).toBe(
      true,
    );
    const later = conversationPatches['conversation.snooze'](
      snoozed,
      { ...args, until: NOW + 2000 },
      NOW,
    );
    expect(isNoop(snoozed, later)).toBe(false);
    expect(later.snoozedUntil).toBe(NOW + 2000);
    for (const status of ['open', 'pending', 'resolved'] as const) {
      const patch = conversationPatches['conversation.set-status'](
        snoozed,
        { conversationId: c.id, status },
        NOW,
      );
      expect(patch).toEqual({ status, snoozedUntil: null });
    }
    // Setting an open conversation open is still a no-op (no write, no version bump).
    expect(
      isNoop(
        c,
        conversationPatches['conversation.set-status'](
          c,
          { conversationId: c.id, status: 'open' },
          NOW,
        ),
      ),
    ).toBe(true);
  });

  it('keeps a snooze through a reply, and a reply never reopens a snoozed thread', () => {
    const c = conversation({ status: 'snoozed', snoozedUntil: NOW + 5 });
    const patch = conversationPatches['conversation.reply'](
      c,
      { conversationId: c.id, messageId: uid() as never, text: 'Noted' },
      NOW,
    );
    expect({ ...c, ...patch }).toMatchObject({ status: 'snoozed', snoozedUntil: NOW + 5 });
  });
});

describe('notifications', () => {
  const base = {
    id: uid(),
    userId: uid(),
    kind: 'callback.missed',
    title: 'Callback missed',
    body: 'Your callback promised by 2027-01-15 08:00 UTC was not made.',
    refs: { conversationId: uid(), promiseId: uid() },
    createdAt: NOW,
    readAt: null,
  };

  it('parses each kind and travels as a change', () => {
    expect(Notification.parse(base)).toEqual(base);
    for (const kind of ['mention', 'assignment']) {
      expect(Notification.safeParse({ ...base, kind }).success).toBe(true);
    }
    expect(
      Change.safeParse({ seq: 1, entity: 'notification', op: 'put', data: base }).success,
    ).toBe(true);
    expect(
      Change.safeParse({ seq: 2, entity: 'notification', op: 'delete', id: base.id }).success,
    ).toBe(true);
  });

  it('refuses unknown kinds, bad refs and oversized text', () => {
    expect(Notification.safeParse({ ...base, kind: 'sms' }).success).toBe(false);
    expect(Notification.safeParse({ ...base, refs: {} }).success).toBe(false);
    expect(Notification.safeParse({ ...base, refs: { conversationId: 'not-an-id' } }).success).toBe(
      false,
    );
    expect(Notification.safeParse({ ...base, title: 'x'.repeat(201) }).success).toBe(false);
    expect(Notification.safeParse({ ...base, body: 'x'.repeat(501) }).success).toBe(false);
    expect(Notification.safeParse({ ...base, readAt: undefined }).success).toBe(false);
  });

  it('marks read only by id', () => {
    expect(parseMutatorArgs('notification.mark-read', { notificationId: uid() }).success).toBe(
      true,
    );
    expect(parseMutatorArgs('notification.mark-read', { notificationId: 'x' }).success).toBe(false);
    expect(
      parseMutatorArgs('notification.mark-read', { notificationId: uid(), readAt: 1 }).success,
    ).toBe(false);
  });
});

describe('missed promises', () => {
  it('are marked by the hub (no user) at the end of their window', () => {
    const owner = uid() as UserId;
    const p = newPromise({
      id: uid() as CallbackPromiseId,
      conversationId: uid() as ConversationId,
      customerId: uid() as CustomerId,
      ownerId: owner,
      channel: 'phone',
      dueAt: NOW + 100,
      windowEndAt: NOW + 200,
      timezone: null,
      note: '',
      now: NOW,
    });
    expect(promiseDeadline(p)).toBe(NOW + 200);
    expect(promiseDeadline({ dueAt: NOW + 100, windowEndAt: null })).toBe(NOW + 100);
    const missed = missPromise(p, NOW + 300);
    expect(CallbackPromise.parse(missed)).toEqual(missed);
    expect(missed).toMatchObject({ status: 'missed', version: 2, updatedAt: NOW + 300 });
    expect(missed.history.at(-1)).toEqual({
      at: NOW + 300,
      byUserId: null,
      action: 'missed',
      dueAt: NOW + 100,
    });
  });
});
