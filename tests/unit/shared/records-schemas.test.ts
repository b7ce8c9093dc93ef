import { describe, expect, it } from 'vitest';
import { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { CannedResponse } from '#shared/domain/canned-response.ts';
import { Change } from '#shared/domain/change.ts';
import {
  npsCategory,
  SURVEY_SCALES,
  SurveyAnswer,
  SurveyResponse,
  surveyScoreProblem,
} from '#shared/domain/survey.ts';
import {
  EMPTY_INBOX_FILTER,
  InboxFilter,
  InboxFilterInput,
  SavedView,
} from '#shared/domain/view.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { parseMutatorArgs } from '#shared/mutators/definitions.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));

describe('canned responses', () => {
  const valid = { cannedId: uid(), teamId: null, title: 'Refund', shortcut: 'refund', body: 'Hi' };

  it('normalizes the shortcut and trims text', () => {
    const parsed = parseMutatorArgs('canned.save', {
      ...valid,
      shortcut: '  Refund_Now-2 ',
      title: ' T ',
    });
    expect(parsed.success && parsed.data).toMatchObject({ shortcut: 'refund_now-2', title: 'T' });
  });

  it('refuses bad shortcuts, empty text, oversize bodies and unknown keys', () => {
    for (const bad of [
      { shortcut: '' },
      { shortcut: '/refund' },
      { shortcut: 'two words' },
      { shortcut: 'é' },
      { shortcut: 'a'.repeat(33) },
      { title: '  ' },
      { body: '' },
      { body: 'x'.repeat(10_001) },
      { teamId: 'support' },
      { extra: 1 },
    ])
      expect(parseMutatorArgs('canned.save', { ...valid, ...bad }).success).toBe(false);
  });

  it('reads a stored record', () => {
    const record = {
      id: uid(),
      teamId: uid(),
      title: 'T',
      shortcut: 'x',
      body: 'b',
      createdAt: 1,
      updatedAt: 2,
      version: 1,
    };
    expect(CannedResponse.parse(record)).toEqual(record);
    expect(CannedResponse.safeParse({ ...record, shortcut: 'Upper' }).success).toBe(false);
  });
});

describe('inbox filters', () => {
  it('fills defaults, so an empty filter is the whole inbox', () => {
    expect(InboxFilterInput.parse({})).toEqual({
      channels: [],
      statuses: [],
      priorities: [],
      tags: [],
      slaStates: [],
      waitingMoreThanMs: null,
      assignee: 'any',
      teamIds: [],
      sort: 'longest_waiting',
    });
    expect(EMPTY_INBOX_FILTER).toEqual(InboxFilterInput.parse({}));
  });

  it('drops repeats but keeps the order given', () => {
    const f = InboxFilterInput.parse({
      tags: ['b', 'a', 'b'],
      slaStates: ['breached', 'at_risk', 'breached'],
    });
    expect(f.tags).toEqual(['b', 'a']);
    expect(f.slaStates).toEqual(['breached', 'at_risk']);
  });

  it('refuses what the inbox could not apply', () => {
    for (const bad of [
      { channels: ['fax'] },
      { statuses: ['closed'] },
      { priorities: ['meh'] },
      { slaStates: ['late'] },
      { assignee: 'them' },
      { sort: 'oldest' },
      { waitingMoreThanMs: -1 },
      { waitingMoreThanMs: 32 * 86_400_000 },
      { tags: ['a b'] },
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
      { teamIds: ['x'] },
      { surprise: true },
    ])
      expect(InboxFilterInput.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('reads a stored filter from a newer hub, ignoring criteria it does not know', () => {
    expect(InboxFilter.parse({ sort: 'newest', futureCriterion: 1 })).toEqual({
      ...EMPTY_INBOX_FILTER,
      sort: 'newest',
    });
  });

  it('belongs to a saved view with a bounded name', () => {
    const view = {
      id: uid(),
      ownerId: uid(),
      name: 'Mine',
      filter: EMPTY_INBOX_FILTER,
      createdAt: 1,
      updatedAt: 1,
      version: 1,
    };
    expect(SavedView.parse(view)).toEqual(view);
    expect(
      parseMutatorArgs('view.save', { viewId: uid(), name: 'x'.repeat(81), filter: {} }).success,
    ).toBe(false);
    expect(parseMutatorArgs('view.save', { viewId: uid(), name: '  ', filter: {} }).success).toBe(
      false,
    );
    expect(parseMutatorArgs('view.delete', { viewId: 'nope' }).success).toBe(false);
  });
});

describe('survey responses', () => {
  const answer = (kind: string, score: unknown) =>
    SurveyAnswer.safeParse({ kind, score, conversationId: uid() });

  it('accepts each kind’s whole scale and nothing beyond it', () => {
    for (const [kind, { min, max }] of Object.entries(SURVEY_SCALES)) {
      for (let s = min; s <= max; s++) expect(answer(kind, s).success).toBe(true);
      expect(answer(kind, min - 1).success).toBe(false);
      expect(answer(kind, max + 1).success).toBe(false);
      expect(answer(kind, min + 0.5).success).toBe(false);
    }
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '3', null])
      expect(answer('csat', bad).success).toBe(false);
    expect(answer('stars', 3).success).toBe(false);
  });

  it('says what is wrong with a score in words', () => {
    expect(surveyScoreProblem('ces', 8)).toBe('A CES score is a whole number from 1 to 7.');
    expect(surveyScoreProblem('nps', 0)).toBeNull();
  });

  it('checks the stored record too, and buckets NPS the usual way', () => {
    const record = {
      id: uid(),
      kind: 'csat',
      score: 5,
      comment: '',
      conversationId: uid(),
      customerId: uid(),
      agentId: null,
      teamId: uid(),
      createdAt: 1,
    };
    expect(SurveyResponse.safeParse(record).success).toBe(true);
    expect(SurveyResponse.safeParse({ ...record, score: 6 }).success).toBe(false);
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });
});

describe('sync contracts', () => {
  it('carries the new entities in the change log', () => {
    const view = {
      id: uid(),
      ownerId: uid(),
      name: 'V',
      filter: EMPTY_INBOX_FILTER,
      createdAt: 1,
      updatedAt: 1,
      version: 1,
    };
    expect(Change.parse({ seq: 1, entity: 'view', op: 'put', data: view })).toMatchObject({
      entity: 'view',
    });
    expect(Change.parse({ seq: 2, entity: 'canned', op: 'delete', id: uid() })).toMatchObject({
      op: 'delete',
    });
    expect(
      Change.safeParse({ seq: 3, entity: 'survey', op: 'put', data: { id: uid() } }).success,
    ).toBe(false);
  });

  it('reads a snapshot page from a hub that predates the new lists as empty lists', () => {
    const page = SyncSnapshotPage.parse({
      conversations: [],
      messages: [],
      customers: [],
      agents: [],
      teams: [],
      cursor: 0,
      nextPage: null,
    });
    expect(page).toMatchObject({
      identities: [],
      callbacks: [],
      surveys: [],
      canned: [],
      views: [],
    });
  });
});
