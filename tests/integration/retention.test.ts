import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { pruneChanges, prunedThrough } from '../../src-hub/domain/retention.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
let ada: Socket;
beforeAll(async () => {
  hub = await startTestHub();
  ada = await connectAgent(hub, (await loginAs(hub, 'ada@demo.test')).token);
});
afterAll(async () => {
  ada?.close();
  await hub?.stop();
});

describe('change-log retention', () => {
  it('schedules a daily prune when the hub starts', async () => {
    const jobs = await hub.store.db
      .selectFrom('jobs')
      .select('kind')
      .where('kind', '=', 'changes.prune')
      .execute();
    expect(jobs).toHaveLength(1);
  });

  it('keeps recent changes and drops only what is older than the window', async () => {
    const head = await headSeq(hub.store.db);
    expect(await pruneChanges(hub.store.db, { keepDays: 1 })).toBe(0);
    expect(await headSeq(hub.store.db)).toBe(head);
  });

  it('sends a desktop whose cursor fell behind the log to a clean resync, and lets it follow again', async () => {
    const { cursor: old } = await pullAll(ada);
    const stale = Math.max(1, old - 5);
    const head = await headSeq(hub.store.db);
    const removed = await pruneChanges(hub.store.db, {
      keepDays: 1,
      now: Date.now() + 3 * 86_400_000,
    });
    expect(removed).toBeGreaterThan(0);
    expect(await prunedThrough(hub.store.db)).toBe(head);

    const refused: unknown = await ada.timeout(5000).emitWithAck('sync:pull', { cursor: stale });
    expect(refused).toMatchObject({ ok: false, code: 'resync_required' });

    // After a snapshot the desktop follows the log from the head again.
    const row = await hub.store.db
      .selectFrom('conversations')
      .select('id')
      .executeTakeFirstOrThrow();
    const conversationId: string = row.id;
    await mutate(
      ada,
      'conversation.set-tags',
      { conversationId, tags: ['after-prune'] },
      newId(),
    ).catch(() => undefined);
    const { changes } = await pullAll(ada, head);
    expect(changes.every((c) => c.seq > head)).toBe(true);
  });
});
