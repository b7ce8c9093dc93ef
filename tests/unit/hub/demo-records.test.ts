import { describe, expect, it } from 'vitest';
import { CallbackPromise } from '#shared/domain/callback.ts';
import { CannedResponse } from '#shared/domain/canned-response.ts';
import { Identity } from '#shared/domain/identity.ts';
import { SurveyAnswer } from '#shared/domain/survey.ts';
import { unknownCannedVariables } from '#shared/logic/canned-template.ts';
import { buildDemoDataset } from '../../../src-hub/demo/dataset.ts';
import { buildDemoRecords } from '../../../src-hub/demo/dataset-records.ts';

const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);
const dataset = buildDemoDataset({ now: NOW });
const records = buildDemoRecords(dataset, { now: NOW, seed: 1 });

describe('demo records', () => {
  it('are deterministic, whatever order the input lists its rows in', () => {
    expect(buildDemoRecords(dataset, { now: NOW, seed: 1 })).toEqual(records);
    const shuffled = {
      ...dataset,
      customers: [...dataset.customers].reverse(),
      conversations: [...dataset.conversations].reverse(),
    };
    expect(buildDemoRecords(shuffled, { now: NOW, seed: 1 })).toEqual(records);
    expect(buildDemoRecords(dataset, { now: NOW, seed: 2 })).not.toEqual(records);
  });

  it('pass their schemas unchanged', () => {
    for (const i of records.identities) expect(Identity.parse(i)).toEqual(i);
    for (const c of records.canned) expect(CannedResponse.parse(c)).toEqual(c);
    for (const p of records.callbacks) expect(CallbackPromise.parse(p)).toEqual(p);
    for (const s of records.surveys) expect(SurveyAnswer.safeParse(s.answer).success).toBe(true);
  });

  it('give identities unique per (kind, value), with unique ids', () => {
    const keys = records.identities.map((i) => `${i.kind}:${i.value}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = [...records.identities, ...records.canned, ...records.callbacks].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('have canned responses that use only known variables, unique per scope', () => {
    for (const c of records.canned) expect(unknownCannedVariables(c.body)).toEqual([]);
    const scoped = records.canned.map((c) => `${c.teamId ?? '*'}:${c.shortcut}`);
    expect(new Set(scoped).size).toBe(scoped.length);
    expect(records.canned.some((c) => c.teamId === null)).toBe(true);
  });

  it('answer surveys only after a conversation ended and before now', () => {
    const byId = new Map(dataset.conversations.map((c) => [c.id, c]));
    for (const s of records.surveys) {
      const c = byId.get(s.answer.conversationId);
      expect(c?.status).toBe('resolved');
      expect(s.at).toBeGreaterThan(c!.lastMessageAt);
      expect(s.at).toBeLessThan(NOW);
    }
  });

  it('promise callbacks ahead, one kept on time and one missed, each by the conversation’s agent', () => {
    const byId = new Map(dataset.conversations.map((c) => [c.id, c]));
    for (const p of records.callbacks) {
      const c = byId.get(p.conversationId)!;
      expect(p.ownerId).toBe(c.assigneeId);
      expect(p.customerId).toBe(c.customerId);
      expect(p.createdAt).toBeLessThanOrEqual(NOW);
      expect(p.history.map((h) => h.at)).toEqual(
        [...p.history.map((h) => h.at)].sort((a, b) => a - b),
      );
    }
    const ahead = records.callbacks.filter((p) => p.status === 'scheduled');
    expect(ahead.length).toBeGreaterThanOrEqual(2);
    expect(ahead.every((p) => p.dueAt > NOW)).toBe(true);
    const kept = records.callbacks.filter((p) => p.status === 'kept');
    expect(kept).toHaveLength(1);
    expect(kept[0]!.history.at(-1)!.at).toBeLessThanOrEqual(kept[0]!.dueAt);
    const missed = records.callbacks.filter((p) => p.status === 'missed');
    expect(missed).toHaveLength(1);
    expect(missed[0]!.history.at(-1)).toMatchObject({ action: 'missed', byUserId: null });
    expect(missed[0]!.dueAt).toBeLessThan(NOW);
  });

  it('cope with a workspace that has no conversations or no demo teams', () => {
    const empty = buildDemoRecords(
      { ...dataset, conversations: [], teams: [] },
      { now: NOW, seed: 1 },
    );
    expect(empty.surveys).toEqual([]);
    expect(empty.callbacks).toEqual([]);
    expect(empty.canned.every((c) => c.teamId === null)).toBe(true);
    expect(empty.identities.length).toBeGreaterThan(0);
  });
});
