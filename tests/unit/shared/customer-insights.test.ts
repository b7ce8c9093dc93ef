import { describe, expect, it } from 'vitest';
import type { CallbackPromise } from '#shared/domain/callback.ts';
import { Customer, preferencesOf } from '#shared/domain/customer.ts';
import type { SurveyResponse } from '#shared/domain/survey.ts';
import {
  groupPromises,
  nearbyPromises,
  previousConversation,
  summarizeSurveys,
} from '#shared/logic/customer-insights.ts';
import { formatUuidV7, type UserId } from '#shared/logic/ids.ts';
import { parseMutatorArgs } from '#shared/mutators/definitions.ts';

const HOUR = 3_600_000;
let n = 0;
const id = () => formatUuidV7(1_700_000_000_000 + n++, new Uint8Array(10).fill(7));

function promise(over: Partial<CallbackPromise>): CallbackPromise {
  return {
    id: id(),
    conversationId: id(),
    customerId: id(),
    ownerId: 'ada' as UserId,
    channel: 'phone',
    dueAt: 10 * HOUR,
    windowEndAt: null,
    timezone: null,
    note: '',
    status: 'scheduled',
    history: [],
    createdAt: 0,
    updatedAt: 0,
    version: 1,
    ...over,
  } as CallbackPromise;
}

function survey(kind: SurveyResponse['kind'], score: number, createdAt: number, comment = '') {
  return { id: id(), kind, score, comment, createdAt } as SurveyResponse;
}

describe('promise groups', () => {
  it('puts open promises soonest first and settled ones latest first', () => {
    const late = promise({ dueAt: 20 * HOUR });
    const soon = promise({ dueAt: 5 * HOUR });
    const kept1 = promise({ status: 'kept', updatedAt: 1 });
    const kept2 = promise({ status: 'kept', updatedAt: 2 });
    const missed = promise({ status: 'missed' });
    const cancelled = promise({ status: 'cancelled' });
    const g = groupPromises([late, kept1, missed, soon, kept2, cancelled]);
    expect(g.open.map((p) => p.id)).toEqual([soon.id, late.id]);
    expect(g.kept.map((p) => p.id)).toEqual([kept2.id, kept1.id]);
    expect(g.missed).toEqual([missed]);
    expect(g.cancelled).toEqual([cancelled]);
  });
});

describe('what else the agent promised around then', () => {
  const at = 10 * HOUR;
  it('finds the owner’s open promises within two hours either side, windows included', () => {
    const inside = promise({ dueAt: at + HOUR });
    const edge = promise({ dueAt: at - 2 * HOUR });
    const windowReaching = promise({ dueAt: at - 4 * HOUR, windowEndAt: at - HOUR });
    const tooEarly = promise({ dueAt: at - 3 * HOUR });
    const tooLate = promise({ dueAt: at + 2 * HOUR + 1 });
    const someoneElse = promise({ dueAt: at, ownerId: 'lin' as UserId });
    const kept = promise({ dueAt: at, status: 'kept' });
    const found = nearbyPromises(
      [inside, edge, windowReaching, tooEarly, tooLate, someoneElse, kept],
      'ada',
      { dueAt: at },
    );
    expect(found.map((p) => p.id)).toEqual([windowReaching.id, edge.id, inside.id]);
  });

  it('widens the search by a proposed window and can leave one promise out', () => {
    const later = promise({ dueAt: at + 5 * HOUR });
    expect(nearbyPromises([later], 'ada', { dueAt: at })).toEqual([]);
    expect(nearbyPromises([later], 'ada', { dueAt: at, windowEndAt: at + 3 * HOUR })).toEqual([
      later,
    ]);
    expect(nearbyPromises([later], 'ada', { dueAt: later.dueAt }, undefined, later.id)).toEqual([]);
  });
});

describe('survey summaries', () => {
  it('averages per kind, newest first, with the newest comment', () => {
    const s = summarizeSurveys([
      survey('csat', 5, 1, 'Lovely'),
      survey('nps', 9, 2),
      survey('csat', 2, 3, '  '),
      survey('csat', 4, 4),
    ]);
    expect(s.map((k) => k.kind)).toEqual(['csat', 'nps']);
    expect(s[0]!.responses.map((r) => r.score)).toEqual([4, 2, 5]);
    expect(s[0]!.average).toBe(3.7);
    expect(s[0]!.lastComment).toEqual({ text: 'Lovely', at: 1, score: 5 });
    expect(s[1]!.lastComment).toBeNull();
    expect(summarizeSurveys([])).toEqual([]);
  });
});

describe('last time', () => {
  it('is the latest other conversation that started before this one', () => {
    const a = { id: 'a', createdAt: 1 };
    const b = { id: 'b', createdAt: 5 };
    const current = { id: 'c', createdAt: 6 };
    const newer = { id: 'd', createdAt: 9 };
    expect(previousConversation([a, b, current, newer], current)).toBe(b);
    expect(previousConversation([current, newer], current)).toBeNull();
  });
});

describe('customer preferences', () => {
  const base = {
    id: id(),
    name: 'Grace',
    email: null,
    phone: null,
    timezone: null,
    company: null,
    notes: '',
    createdAt: 1,
    updatedAt: 1,
  };

  it('default to none for records written before they existed', () => {
    expect(Customer.parse(base).preferences).toEqual({ likes: [], avoid: [] });
    expect(preferencesOf(base as unknown as Customer)).toEqual({ likes: [], avoid: [] });
    expect(preferencesOf(undefined)).toEqual({ likes: [], avoid: [] });
  });

  it('are bounded and trimmed in customer.edit', () => {
    const ok = parseMutatorArgs('customer.edit', {
      customerId: base.id,
      preferences: { likes: ['  WhatsApp '], avoid: ['Calls before 10am'] },
    });
    expect(ok.success && ok.data.preferences).toEqual({
      likes: ['WhatsApp'],
      avoid: ['Calls before 10am'],
    });
    for (const preferences of [
      { likes: [''], avoid: [] },
      { likes: ['x'.repeat(121)], avoid: [] },
      { likes: Array.from({ length: 21 }, (_, i) => `like ${i}`), avoid: [] },
      { likes: [] },
      { likes: [1], avoid: [] },
    ]) {
      expect(parseMutatorArgs('customer.edit', { customerId: base.id, preferences }).success).toBe(
        false,
      );
    }
  });
});
