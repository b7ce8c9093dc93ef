import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE } from '#shared/contracts/socket.ts';
import { openStore, type Store } from '../../../src-hub/store/database.ts';
import { callbackFromRow, notificationFromRow } from '../../../src-hub/domain/records.ts';
import {
  createTestDatabase,
  login,
  startHubProcess,
  type HubProcess,
} from '../support/hub-process.ts';
import { mutate, newId } from '../support/mutate.ts';
import { until } from './job-fixtures.ts';

const adminUrl = process.env.TEST_DATABASE_URL;

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}${AGENT_NAMESPACE}`, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

// Two nodes need a shared server database; runs in the PostgreSQL pass (TEST_DATABASE_URL).
describe.skipIf(!adminUrl)('missed promises with two hub nodes on one PostgreSQL', () => {
  const nodes: HubProcess[] = [];
  let store: Store;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase(adminUrl!, 'missed');
    drop = database.drop;
    // Both nodes poll every 20 ms and escalate at the deadline itself, so they race for each job.
    const env = { PROMPTLY_JOB_POLL_MS: '20', PROMPTLY_CALLBACK_GRACE_MS: '0' };
    nodes.push(
      await startHubProcess({ name: 'n1', databaseUrl: database.url, demo: true, env }),
      await startHubProcess({ name: 'n2', databaseUrl: database.url, env }),
    );
    store = await openStore({ engine: 'postgres', url: database.url });
  });
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await store?.close();
    await drop?.();
  });

  it('marks each promise missed once and tells each recipient once, with the owner offline', async () => {
    const ada = await login(nodes[0]!.url, 'ada@demo.test');
    const lin = await login(nodes[1]!.url, 'lin@demo.test');
    const support = await store.db
      .selectFrom('teams')
      .select('id')
      .where('name', '=', 'Support')
      .executeTakeFirstOrThrow();
    const conversations = await store.db
      .selectFrom('conversations')
      .select('id')
      .where('team_id', '=', support.id)
      .orderBy('id')
      .limit(4)
      .execute();
    const sockets = [
      await connect(nodes[0]!.url, ada.token),
      await connect(nodes[1]!.url, ada.token),
    ];
    const dueAt = Date.now() + 2_000;
    const ids: string[] = [];
    for (let i = 0; i < 16; i++) {
      const promiseId = newId();
      const ack = await mutate(sockets[i % 2]!, 'callback.promise', {
        promiseId,
        conversationId: conversations[i % conversations.length]!.id,
        dueAt,
        note: `promise ${i}`,
      });
      expect(ack, `promise ${i}`).toMatchObject({ ok: true });
      ids.push(promiseId);
    }
    // The owner goes offline before the deadline: escalation must not depend on her desktop.
    for (const s of sockets) s.close();

    await until(
      'every promise to be marked missed',
      async () => {
        const rows = await store.db
          .selectFrom('jobs')
          .select('id')
          .where('kind', '=', 'callback.mark-missed')
          .where('done_at', 'is not', null)
          .execute();
        return rows.length === ids.length;
      },
      30_000,
    );
    const promises = (
      await store.db.selectFrom('callback_promises').selectAll().where('id', 'in', ids).execute()
    ).map(callbackFromRow);
    expect(promises).toHaveLength(ids.length);
    for (const p of promises) {
      expect(p.status, p.id).toBe('missed');
      expect(
        p.history.filter((h) => h.action === 'missed'),
        p.id,
      ).toEqual([expect.objectContaining({ byUserId: null, dueAt })]);
    }
    const notes = (await store.db.selectFrom('notifications').selectAll().execute()).map(
      notificationFromRow,
    );
    for (const id of ids) {
      const about = notes.filter((n) => n.refs.promiseId === id).map((n) => n.userId);
      expect(about.sort(), id).toEqual([ada.user.id, lin.user.id].sort());
    }
    const jobs = await store.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'callback.mark-missed')
      .execute();
    expect(jobs.every((j) => j.attempts === 1 && j.dead_at === null)).toBe(true);
    // Each promise's change went into the log once: one put for "missed", not one per node.
    const missedChanges = await store.db
      .selectFrom('changes')
      .select(['entity_id', 'data'])
      .where('entity', '=', 'callback')
      .where('entity_id', 'in', ids)
      .execute();
    const missedPuts = missedChanges.filter((c) => {
      const data = (typeof c.data === 'string' ? JSON.parse(c.data) : c.data) as {
        status?: string;
      } | null;
      return data?.status === 'missed';
    });
    expect(missedPuts).toHaveLength(ids.length);
  });
});
