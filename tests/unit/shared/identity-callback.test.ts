import { describe, expect, it } from 'vitest';
import { CallbackPromise, MAX_PROMISE_AHEAD_MS } from '#shared/domain/callback.ts';
import {
  cancelPromise,
  dueTimeProblem,
  keepPromise,
  newPromise,
  reschedulePromise,
} from '#shared/domain/callback-lifecycle.ts';
import { Change } from '#shared/domain/change.ts';
import { Identity, normalizeIdentityValue } from '#shared/domain/identity.ts';
import type { CallbackPromiseId } from '#shared/domain/callback.ts';
import type { ConversationId, CustomerId, UserId } from '#shared/logic/ids.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { parseMutatorArgs } from '#shared/mutators/definitions.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const NOW = 1_800_000_000_000;

describe('identity normalization', () => {
  it('lowercases emails and reduces phones to + and digits', () => {
    expect(normalizeIdentityValue('email', '  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normalizeIdentityValue('phone', '+44 (20) 7946-0958')).toBe('+442079460958');
    expect(normalizeIdentityValue('phone', '00 1 555 0100')).toBe('+0015550100');
    expect(normalizeIdentityValue('phone', 'call me')).toBeNull();
    expect(normalizeIdentityValue('phone', '1234567890123456')).toBeNull();
    expect(normalizeIdentityValue('social', ' @Ada ')).toBe('@Ada');
    expect(normalizeIdentityValue('chat_visitor', '   ')).toBeNull();
  });

  it('validates identities and carries them through the change contract', () => {
    const identity = {
      id: uid(),
      customerId: uid(),
      kind: 'email',
      value: 'ada@example.com',
      createdAt: NOW,
    };
    expect(Identity.parse(identity)).toEqual(identity);
    expect(Identity.safeParse({ ...identity, kind: 'fax' }).success).toBe(false);
    expect(Change.parse({ seq: 1, entity: 'identity', op: 'put', data: identity })).toMatchObject({
      entity: 'identity',
    });
    expect(Change.parse({ seq: 2, entity: 'callback', op: 'delete', id: uid() })).toMatchObject({
      op: 'delete',
    });
  });
});

describe('mutator arguments', () => {
  it('accepts a customer edit with a real zone and refuses an unknown one', () => {
    const customerId = uid();
    expect(parseMutatorArgs('customer.edit', { customerId, timezone: 'Asia/Tokyo' }).success).toBe(
      true,
    );
    expect(parseMutatorArgs('customer.edit', { customerId, timezone: null }).success).toBe(true);
    expect(
      parseMutatorArgs('customer.edit', { customerId, timezone: 'Nowhere/City' }).success,
    ).toBe(false);
    expect(parseMutatorArgs('customer.edit', { customerId, name: '  ' }).success).toBe(false);
    expect(parseMutatorArgs('customer.edit', { customerId, extra: 1 }).success).toBe(false);
  });

  it('shapes callback arguments strictly', () => {
    const base = { promiseId: uid(), conversationId: uid(), dueAt: NOW, note: '' };
    expect(parseMutatorArgs('callback.promise', base).success).toBe(true);
    expect(parseMutatorArgs('callback.promise', { ...base, dueAt: 1.5 }).success).toBe(false);
    expect(parseMutatorArgs('callback.promise', { ...base, ownerId: uid() }).success).toBe(false);
    expect(parseMutatorArgs('callback.cancel', { promiseId: uid(), reason: ' ' }).success).toBe(
      false,
    );
    expect(parseMutatorArgs('customer.merge', { sourceId: uid(), targetId: 'x' }).success).toBe(
      false,
    );
  });
});

describe('callback lifecycle', () => {
  it('judges due times against the clock', () => {
    expect(dueTimeProblem(NOW, NOW, undefined)).toMatch(/past/);
    expect(dueTimeProblem(NOW, NOW + 1, undefined)).toBeNull();
    expect(dueTimeProblem(NOW, NOW + MAX_PROMISE_AHEAD_MS + 1, undefined)).toMatch(/year/);
    expect(dueTimeProblem(NOW, NOW + 10, NOW + 10)).toMatch(/window/);
    expect(dueTimeProblem(NOW, NOW + 10, NOW + 20)).toBeNull();
  });

  it('keeps every step in the history and validates against the wire schema', () => {
    const owner = uid() as UserId;
    const lead = uid() as UserId;
    const p = newPromise({
      id: uid() as CallbackPromiseId,
      conversationId: uid() as ConversationId,
      customerId: uid() as CustomerId,
      ownerId: owner,
      channel: 'phone',
      dueAt: NOW + 100,
      windowEndAt: NOW + 200,
      timezone: 'Europe/Berlin',
      note: 'Call about the invoice',
      now: NOW,
    });
    const moved = reschedulePromise(p, { dueAt: NOW + 500, reason: 'asked' }, owner, NOW + 1);
    const kept = keepPromise(moved, owner, NOW + 2);
    expect(CallbackPromise.parse(kept)).toEqual(kept);
    expect(moved.windowEndAt).toBeNull();
    expect(kept).toMatchObject({ status: 'kept', version: 3, updatedAt: NOW + 2 });
    expect(kept.history).toEqual([
      { at: NOW, byUserId: owner, action: 'promised', dueAt: NOW + 100 },
      { at: NOW + 1, byUserId: owner, action: 'rescheduled', dueAt: NOW + 500, note: 'asked' },
      { at: NOW + 2, byUserId: owner, action: 'kept', dueAt: NOW + 500 },
    ]);
    const cancelled = cancelPromise(p, 'no longer needed', lead, NOW + 3);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toMatchObject({ byUserId: lead, note: 'no longer needed' });
    // The original is untouched: the functions are pure.
    expect(p.history).toHaveLength(1);
  });
});
