import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '#shared/domain/change.ts';
import type { Message } from '#shared/domain/message.ts';
import type { MessageId } from '#shared/logic/ids.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { applyPage, applySnapshotPage } from '../../src-renderer/data/apply-changes.ts';
import { openDb, readMeta, type PromptlyDb } from '../../src-renderer/data/db.ts';
import {
  indexBacklogChunk,
  indexSearchBacklog,
  backlogPercent,
} from '../../src-renderer/data/search-backlog.ts';
import {
  customerSearchRow,
  messageSearchRow,
  subjectSearchRow,
} from '../../src-renderer/data/search-index.ts';
import { searchConversations } from '../../src-renderer/data/search.ts';
import {
  bootstrapSnapshot,
  fetchSnapshotPage,
  type HubSession,
} from '../../src-renderer/data/snapshot-bootstrap.ts';
import { loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { newId } from './support/mutate.ts';

/**
 * A fresh desktop's bootstrap against a real hub (on fake-indexeddb): the snapshot is fetched over
 * REST and stored without its search index, which is then built in resumable chunks. Whatever
 * happens in between (a restart, live changes), every cached record ends up indexed exactly as
 * inline indexing would have done it, and nothing the cache no longer holds stays findable.
 */

let hub: TestHub;
let session: HubSession;
const dbs: PromptlyDb[] = [];
const fresh = () => {
  const db = openDb(`bootstrap-${newId()}`);
  dbs.push(db);
  return db;
};

beforeAll(async () => {
  hub = await startTestHub();
  const { token } = await loginAs(hub, 'lin@demo.test');
  session = { hubUrl: hub.url, token };
});
afterAll(async () => {
  for (const db of dbs) {
    db.close();
    await db.delete();
  }
  await hub?.stop();
});

/** The index holds exactly the rows the cached records give, and nothing else. */
async function expectFullyIndexed(db: PromptlyDb) {
  const [messages, conversations, customers, identities] = await Promise.all([
    db.messages.toArray(),
    db.conversations.toArray(),
    db.customers.toArray(),
    db.identities.toArray(),
  ]);
  const text = await db.searchText.toArray();
  const expected = [...messages.map(messageSearchRow), ...conversations.map(subjectSearchRow)];
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  expect(text.sort(byId)).toEqual(expected.sort(byId));
  const rows = await db.searchCustomers.toArray();
  expect(rows.sort(byId)).toEqual(
    customers
      .map((c) =>
        customerSearchRow(
          c,
          identities.filter((i) => i.customerId === c.id),
        ),
      )
      .sort(byId),
  );
  expect(await readMeta(db, 'searchBacklog')).toBeUndefined();
}

describe('bootstrap over REST, then indexing in the background', () => {
  it('stores the whole snapshot with its cursor, and leaves the index to the backlog', async () => {
    const db = fresh();
    const head = await headSeq(hub.store.db);
    const cursor = await bootstrapSnapshot({ pages: db, last: db, hub: session, now: 1 });
    expect(cursor).toBe(head);
    expect(await readMeta(db, 'cursor')).toBe(head);
    const visible = await hub.store.db
      .selectFrom('conversations')
      .select('id')
      .where('last_message_at', '>=', new Date(Date.now() - 90 * 86_400_000))
      .execute();
    // Lin leads both teams: the whole window.
    expect((await db.conversations.toArray()).map((c) => c.id).sort()).toEqual(
      visible.map((c) => c.id).sort(),
    );
    expect(await db.messages.count()).toBeGreaterThan(visible.length);
    expect(await db.searchText.count()).toBe(0);
    expect(await readMeta(db, 'searchBacklog')).toMatchObject({ stage: 'customers', done: 0 });
    expect(backlogPercent(await readMeta(db, 'searchBacklog'))).toBe(0);

    expect(await indexSearchBacklog(db)).toBe('done');
    await expectFullyIndexed(db);
    expect(backlogPercent(await readMeta(db, 'searchBacklog'))).toBeNull();
  });

  it('resumes after a restart mid-indexing and indexes live changes made meanwhile', async () => {
    const first = fresh();
    await bootstrapSnapshot({ pages: first, last: first, hub: session, now: 1 });
    // Part of the way: customers, conversations and some messages (newest first).
    const total = (await first.customers.count()) + (await first.conversations.count());
    let chunks = 0;
    while (((await readMeta(first, 'searchBacklog'))?.done ?? 0) < total + 40) {
      expect(await indexBacklogChunk(first, 17)).toBe('more');
      chunks++;
    }
    expect(chunks).toBeGreaterThan(3);
    const midway = (await readMeta(first, 'searchBacklog'))!;
    expect(midway.stage).toBe('messages');
    const percent = backlogPercent(midway)!;
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(100);

    // Live changes while indexing: one message not indexed yet is deleted, one already indexed is
    // edited, and a new one arrives; the log's changes index inline, as always.
    const messages = await first.messages.orderBy(':id').toArray();
    const unindexed = messages[0]!;
    const indexed = messages[messages.length - 1]!;
    expect(await first.searchText.get(unindexed.id)).toBeUndefined();
    expect(await first.searchText.get(indexed.id)).toBeDefined();
    const arrived: Message = {
      ...indexed,
      id: newId() as MessageId,
      text: 'zanzibar walrus arrived live',
    };
    const cursor = (await readMeta(first, 'cursor'))!;
    const changes: Change[] = [
      { seq: cursor + 1, entity: 'message', op: 'delete', id: unindexed.id },
      {
        seq: cursor + 2,
        entity: 'message',
        op: 'put',
        data: { ...indexed, text: 'quokka edited live' },
      },
      { seq: cursor + 3, entity: 'message', op: 'put', data: arrived },
    ] as Change[];
    await applyPage(first, changes, cursor + 3, 2);

    // The app restarts: a new connection picks up the marker where the last chunk left it.
    const name = first.name;
    first.close();
    const again = openDb(name);
    dbs.push(again);
    expect((await readMeta(again, 'searchBacklog'))?.after).toBe(midway.after);
    expect(await indexSearchBacklog(again, { chunk: 29 })).toBe('done');
    await expectFullyIndexed(again);
    expect(await again.searchText.get(unindexed.id)).toBeUndefined();
    const hits = async (q: string) =>
      (await searchConversations(again, q)).hits.map((h) => h.message?.id);
    expect(await hits('zanzibar walrus')).toEqual([arrived.id]);
    expect(await hits('quokka')).toEqual([indexed.id]);
  });

  it('waits while a snapshot is still being stored, and starts over with the one that finishes', async () => {
    const db = fresh();
    // A reload mid-bootstrap: a first page stored (with more to come), so a marker and no cursor.
    const page = await fetchSnapshotPage(session, undefined);
    await applySnapshotPage(db, { ...page, nextPage: `${page.cursor}.1.` }, 1, { first: true });
    expect(await readMeta(db, 'cursor')).toBeUndefined();
    expect(await readMeta(db, 'searchBacklog')).toBeDefined();
    expect(await indexBacklogChunk(db)).toBe('waiting');
    expect(await db.searchText.count()).toBe(0);
    // The next attempt stores everything and the walk covers it all.
    await bootstrapSnapshot({ pages: db, last: db, hub: session, now: 1 });
    expect(await indexSearchBacklog(db)).toBe('done');
    await expectFullyIndexed(db);
  });
});
