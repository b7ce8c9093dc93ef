import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import type { Change } from '#shared/domain/change.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import type { SurveyResponse } from '#shared/domain/survey.ts';
import { EMPTY_INBOX_FILTER, type SavedView } from '#shared/domain/view.ts';
import type { CannedResponse } from '#shared/domain/canned-response.ts';
import { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { applyPage, applySnapshotPage } from '../../../src-renderer/data/apply-changes.ts';
import { openDb, type PromptlyDb } from '../../../src-renderer/data/db.ts';
import { enqueue } from '../../../src-renderer/data/outbox.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const me = { id: uid(), name: 'Ada Lovelace', role: 'agent' } as SessionUser;

let db: PromptlyDb;
afterEach(async () => {
  db?.close();
  await db?.delete();
});

const cannedResponse = (over: Partial<CannedResponse> = {}) =>
  ({
    id: uid(),
    teamId: null,
    title: 'Refund',
    shortcut: 'refund',
    body: 'Hi',
    createdAt: 1,
    updatedAt: 1,
    version: 1,
    ...over,
  }) as CannedResponse;
const view = (over: Partial<SavedView> = {}) =>
  ({
    id: uid(),
    ownerId: me.id,
    name: 'Mine',
    filter: EMPTY_INBOX_FILTER,
    createdAt: 1,
    updatedAt: 1,
    version: 1,
    ...over,
  }) as SavedView;
const survey = (conversationId: string, over: Partial<SurveyResponse> = {}) =>
  ({
    id: uid(),
    kind: 'csat',
    score: 5,
    comment: '',
    conversationId,
    customerId: uid(),
    agentId: null,
    teamId: uid(),
    createdAt: 1,
    ...over,
  }) as SurveyResponse;

describe('records in the desktop cache', () => {
  it('stores canned responses, views and surveys from a pull, indexed for the inbox', async () => {
    db = openDb(`records-${uid()}`);
    const conversationId = uid();
    const s = survey(conversationId);
    const changes: Change[] = [
      { seq: 1, entity: 'canned', op: 'put', data: cannedResponse({ shortcut: 'thanks' }) },
      { seq: 2, entity: 'view', op: 'put', data: view({ name: 'Zeta' }) },
      { seq: 3, entity: 'view', op: 'put', data: view({ name: 'Alpha' }) },
      { seq: 4, entity: 'survey', op: 'put', data: s },
    ];
    await applyPage(db, changes, 4, 1);
    expect((await db.canned.where('shortcut').equals('thanks').first())?.title).toBe('Refund');
    expect((await db.views.orderBy('name').toArray()).map((v) => v.name)).toEqual([
      'Alpha',
      'Zeta',
    ]);
    expect(await db.surveys.where('conversationId').equals(conversationId).count()).toBe(1);
    expect(await db.surveys.where('customerId').equals(s.customerId).count()).toBe(1);
  });

  it('drops a revoked conversation’s survey answers with it', async () => {
    db = openDb(`records-${uid()}`);
    const gone = uid();
    const kept = uid();
    await applyPage(
      db,
      [
        { seq: 1, entity: 'survey', op: 'put', data: survey(gone) },
        { seq: 2, entity: 'survey', op: 'put', data: survey(kept) },
      ],
      2,
      1,
    );
    await applyPage(db, [{ seq: 3, entity: 'conversation', op: 'delete', id: gone }], 3, 2);
    expect((await db.surveys.toArray()).map((r) => r.conversationId)).toEqual([kept]);
  });

  it('stores every list of a snapshot page', async () => {
    db = openDb(`records-${uid()}`);
    const customerId = uid();
    const page = SyncSnapshotPage.parse({
      conversations: [],
      messages: [],
      customers: [],
      agents: [],
      teams: [],
      identities: [{ id: uid(), customerId, kind: 'email', value: 'a@b.example', createdAt: 1 }],
      callbacks: [
        {
          id: uid(),
          conversationId: uid(),
          customerId,
          ownerId: me.id,
          channel: 'phone',
          dueAt: 10,
          windowEndAt: null,
          timezone: null,
          note: '',
          status: 'scheduled',
          history: [],
          createdAt: 1,
          updatedAt: 1,
          version: 1,
        },
      ],
      surveys: [survey(uid())],
      canned: [cannedResponse()],
      views: [view()],
      cursor: 7,
      nextPage: null,
    });
    await applySnapshotPage(db, page, 1);
    expect(await db.identities.count()).toBe(1);
    expect(await db.callbacks.count()).toBe(1);
    expect(await db.surveys.count()).toBe(1);
    expect(await db.canned.count()).toBe(1);
    expect(await db.views.count()).toBe(1);
  });

  it('shows a saved view at once and keeps an unsent rename over a pulled copy', async () => {
    db = openDb(`records-${uid()}`);
    await db.meta.put({ key: 'me', value: me });
    const viewId = uid() as SavedView['id'];
    await enqueue({ db, me, now: () => 5 }, 'view.save', {
      viewId: viewId,
      name: 'Urgent',
      filter: { ...EMPTY_INBOX_FILTER, priorities: ['urgent'] },
    });
    expect(await db.views.get(viewId)).toMatchObject({
      name: 'Urgent',
      ownerId: me.id,
      filter: { priorities: ['urgent'], sort: 'longest_waiting' },
    });
    await enqueue({ db, me, now: () => 6 }, 'view.save', {
      viewId: viewId,
      name: 'Urgent now',
      filter: EMPTY_INBOX_FILTER,
    });
    // The hub's copy of the first save arrives while the rename is still in the outbox.
    await applyPage(
      db,
      [
        {
          seq: 1,
          entity: 'view',
          op: 'put',
          data: view({ id: viewId, name: 'Urgent' }),
        },
      ],
      1,
      7,
    );
    expect((await db.views.get(viewId))?.name).toBe('Urgent now');
    await enqueue({ db, me, now: () => 8 }, 'view.delete', { viewId: viewId });
    expect(await db.views.get(viewId)).toBeUndefined();
  });

  it('does not show a canned response before the hub accepts it', async () => {
    db = openDb(`records-${uid()}`);
    await enqueue({ db, me, now: () => 5 }, 'canned.save', {
      cannedId: uid() as CannedResponse['id'],
      teamId: null,
      title: 'T',
      shortcut: 'Hello',
      body: 'Hi',
    });
    expect(await db.canned.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
  });

  it('upgrades a v4 cache to the latest keeping the outbox and every cached record', async () => {
    const name = `records-${uid()}`;
    const v3 = new Dexie(name);
    v3.version(1).stores({
      conversations: 'id, lastMessageAt, [status+lastMessageAt], customerId, teamId, assigneeId',
      messages: 'id, [conversationId+createdAt], customerId',
      customers: 'id, name, email, phone',
      agents: 'id',
      teams: 'id',
      meta: 'key',
    });
    v3.version(2).stores({ outbox: '++seq, &id, status' });
    v3.version(3).stores({
      identities: 'id, customerId, [kind+value]',
      callbacks: 'id, conversationId, customerId, ownerId, [status+dueAt]',
    });
    // v4 cleared server data once (see db.ts); from v4 on, upgrades move nothing.
    v3.version(4).stores({ notifications: 'id, createdAt' });
    const identity = {
      id: uid(),
      customerId: uid(),
      kind: 'email',
      value: 'a@b.example',
      createdAt: 1,
    };
    const row = {
      id: uid(),
      name: 'conversation.reply',
      args: {},
      createdAt: 1,
      attempts: 0,
      status: 'pending',
      error: null,
    };
    await v3.table('identities').put(identity);
    await v3.table('outbox').add(row);
    v3.close();

    db = openDb(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect(await db.identities.get(identity.id as never)).toEqual(identity);
    expect(await db.outbox.toArray()).toEqual([{ ...row, seq: 1 }]);
    expect(await db.canned.count()).toBe(0);
    expect(await db.surveys.count()).toBe(0);
  });
});
