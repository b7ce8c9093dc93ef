import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Conversation } from '#shared/domain/conversation.ts';
import { formatUuidV7, type TeamId, type UserId } from '#shared/logic/ids.ts';
import { comparator, inView, matchesFilters, NO_FILTERS, VIEWS } from '#shared/logic/inbox-view.ts';
import { replyDueAt, REPLY_TARGET_MS, slaState } from '#shared/logic/sla.ts';

const uuid = (n: number) => formatUuidV7(n, new Uint8Array(10).fill(n % 256));
const ME = uuid(1) as UserId;
const OTHER = uuid(2) as UserId;
const MY_TEAM = uuid(3) as TeamId;
const THEIR_TEAM = uuid(4) as TeamId;
const NOW = 1_780_000_000_000;
const HOUR = 3_600_000;

function conv(n: number, patch: Partial<Conversation> = {}): Conversation {
  return {
    id: uuid(100 + n),
    customerId: uuid(200 + n),
    channel: 'email',
    subject: `s${n}`,
    status: 'open',
    priority: 'normal',
    tags: [],
    teamId: MY_TEAM,
    assigneeId: null,
    firstMessageId: null,
    preview: '',
    lastMessageAt: NOW - n * 1000,
    waitingSince: null,
    createdAt: NOW - HOUR,
    updatedAt: NOW,
    version: 1,
    ...patch,
  } as Conversation;
}

describe('SLA', () => {
  it('is due a priority-dependent time after the customer started waiting', () => {
    const c = conv(1, { priority: 'urgent', waitingSince: NOW - 10 * 60_000 });
    expect(replyDueAt(c)).toBe(NOW - 10 * 60_000 + REPLY_TARGET_MS.urgent);
    expect(slaState(c, NOW)).toBe('ok');
    expect(slaState(c, NOW + 15 * 60_000)).toBe('at_risk');
    expect(slaState(c, NOW + 20 * 60_000)).toBe('breached');
  });

  it('does not apply while nobody waits, or while snoozed or resolved', () => {
    expect(slaState(conv(1), NOW)).toBeNull();
    for (const status of ['snoozed', 'resolved'] as const)
      expect(slaState(conv(1, { status, waitingSince: NOW - 99 * HOUR }), NOW)).toBeNull();
  });
});

describe('inbox views', () => {
  const me = { id: ME, teamIds: [MY_TEAM] };

  it('puts each conversation in the views an agent expects', () => {
    const mine = conv(1, { assigneeId: ME });
    const theirs = conv(2, { assigneeId: OTHER, teamId: THEIR_TEAM });
    const free = conv(3);
    const snoozed = conv(4, { status: 'snoozed', assigneeId: ME });
    const done = conv(5, { status: 'resolved', assigneeId: ME });
    const where = (c: Conversation) => VIEWS.filter((v) => inView(c, v, me));
    expect(where(mine)).toEqual(['mine', 'teams', 'all', 'mentions']);
    expect(where(theirs)).toEqual(['all', 'mentions']);
    expect(where(free)).toEqual(['unassigned', 'teams', 'all', 'mentions']);
    expect(where(snoozed)).toEqual(['mentions', 'snoozed']);
    expect(where(done)).toEqual(['resolved']);
  });

  it('filters by channel, priority, status, tag, SLA state and waiting time together', () => {
    const c = conv(1, {
      channel: 'sms',
      priority: 'high',
      status: 'pending',
      tags: ['vip', 'refund'],
      waitingSince: NOW - 3 * HOUR,
    });
    expect(matchesFilters(c, NO_FILTERS, NOW, me)).toBe(true);
    const all = {
      ...NO_FILTERS,
      channels: ['sms' as const],
      priorities: ['high' as const],
      statuses: ['pending' as const],
      tags: ['refund'],
      slaStates: ['breached' as const],
      waitingMoreThanMs: 2 * HOUR,
    };
    expect(matchesFilters(c, all, NOW, me)).toBe(true);
    expect(matchesFilters(c, { ...all, channels: ['email'] }, NOW, me)).toBe(false);
    expect(matchesFilters(c, { ...all, priorities: ['low'] }, NOW, me)).toBe(false);
    expect(matchesFilters(c, { ...all, statuses: ['open'] }, NOW, me)).toBe(false);
    expect(matchesFilters(c, { ...all, tags: ['billing'] }, NOW, me)).toBe(false);
    expect(matchesFilters(c, { ...all, slaStates: ['ok'] }, NOW, me)).toBe(false);
    expect(matchesFilters(c, { ...all, waitingMoreThanMs: 4 * HOUR }, NOW, me)).toBe(false);
    expect(matchesFilters(c, { ...all, assignee: 'me' }, NOW, me)).toBe(false);
    expect(matchesFilters({ ...c, assigneeId: ME }, { ...all, assignee: 'me' }, NOW, me)).toBe(
      true,
    );
    expect(matchesFilters(c, { ...all, assignee: 'unassigned' }, NOW, me)).toBe(true);
    expect(matchesFilters(c, { ...all, teamIds: [THEIR_TEAM] }, NOW, me)).toBe(false);
    // A conversation nobody waits on has no SLA state, so an SLA filter leaves it out.
    expect(matchesFilters(conv(2), { ...NO_FILTERS, slaStates: ['ok'] }, NOW, me)).toBe(false);
  });

  it('sorts longest waiting first, then the rest by newest activity', () => {
    const a = conv(1, { waitingSince: NOW - HOUR });
    const b = conv(2, { waitingSince: NOW - 5 * HOUR });
    const c = conv(3);
    const d = conv(4);
    expect([c, a, d, b].sort(comparator('longest_waiting')).map((x) => x.subject)).toEqual([
      's2',
      's1',
      's3',
      's4',
    ]);
  });

  it('orders totally: every sort is antisymmetric and breaks ties the same way every time', () => {
    const arb = fc.record({
      n: fc.integer({ min: 0, max: 50 }),
      waiting: fc.option(fc.integer({ min: 0, max: 48 }), { nil: null }),
      priority: fc.constantFrom('low', 'normal', 'high', 'urgent' as const),
      at: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(
        arb,
        arb,
        fc.constantFrom('longest_waiting', 'newest', 'sla_due' as const),
        (x, y, sort) => {
          const cx = conv(x.n, {
            priority: x.priority,
            waitingSince: x.waiting === null ? null : NOW - x.waiting * HOUR,
            lastMessageAt: NOW - x.at,
          });
          const cy = conv(y.n, {
            priority: y.priority,
            waitingSince: y.waiting === null ? null : NOW - y.waiting * HOUR,
            lastMessageAt: NOW - y.at,
          });
          const cmp = comparator(sort);
          // Sums, not negation: -0 and +0 are different to toBe.
          expect(Math.sign(cmp(cx, cy)) + Math.sign(cmp(cy, cx))).toBe(0);
          if (cx.id !== cy.id) expect(cmp(cx, cy)).not.toBe(0);
        },
      ),
    );
  });
});
