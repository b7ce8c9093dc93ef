import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Change } from '#shared/domain/change.ts';
import { REPLY_TARGET_MS } from '#shared/logic/sla.ts';
import { ALERTS_PER_PERSON, SWEEP_JOB, sweepSla } from '../../src-hub/domain/sla-alerts.ts';
import { notificationFromRow } from '../../src-hub/domain/records.ts';
import type { ChangeInput } from '../../src-hub/domain/changes.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { pullAll } from './support/pull.ts';

/*
 * Reply-deadline alerts on a real hub. Most tests sweep at a chosen "now" a year ahead, so the
 * demo's own waiting customers are far outside the lookback and only the conversations a test
 * sets up can be announced. The last test lets the hub's own job sweep every 100 ms.
 */
let hub: TestHub;
const people: Record<string, { id: string; socket: Socket }> = {};
const MINUTE = 60_000;
const NOW = Date.now() + 365 * 86_400_000;

beforeAll(async () => {
  hub = await startTestHub({ options: { jobPollMs: 50, slaSweepMs: 100 } });
  for (const name of ['ada', 'mateo', 'lin']) {
    const { token, user } = await loginAs(hub, `${name}@demo.test`);
    people[name] = { id: user.id, socket: await connectAgent(hub, token) };
  }
});
afterAll(async () => {
  for (const p of Object.values(people)) p.socket.close();
  await hub?.stop();
});

const db = () => hub.store.db;
const id = (name: string) => people[name]!.id;

const taken = new Set<string>();
/** A Support conversation no other test touched, set to wait since `waitingSince`. */
async function waiting(opts: {
  waitingSince: number;
  priority?: 'urgent' | 'high' | 'normal' | 'low';
  assignee?: string | null;
  status?: 'open' | 'pending' | 'snoozed' | 'resolved';
}) {
  const team = await db()
    .selectFrom('teams')
    .select('id')
    .where('name', '=', 'Support')
    .executeTakeFirstOrThrow();
  const rows = await db()
    .selectFrom('conversations')
    .select('id')
    .where('team_id', '=', team.id)
    .orderBy('id')
    .execute();
  const row = rows.find((r) => !taken.has(r.id));
  if (!row) throw new Error('no untouched Support conversation left');
  taken.add(row.id);
  await db()
    .updateTable('conversations')
    .set({
      waiting_since: new Date(opts.waitingSince),
      priority: opts.priority ?? 'urgent',
      assignee_id: opts.assignee === undefined ? id('ada') : opts.assignee,
      status: opts.status ?? 'open',
    })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

async function sweep(now = NOW) {
  return hub.write(async (trx, changes: ChangeInput[]) => sweepSla(trx, changes, { now }));
}

async function notificationsAbout(conversationIds: string[]) {
  const rows = await db().selectFrom('notifications').selectAll().orderBy('user_id').execute();
  return rows
    .map(notificationFromRow)
    .filter((n) => conversationIds.includes(n.refs.conversationId));
}

const urgent = REPLY_TARGET_MS.urgent;

describe('SLA alerts', () => {
  it('tells the assignee alone when a reply is due soon, once', async () => {
    const c = await waiting({ waitingSince: NOW - urgent + 5 * MINUTE });
    const alerts = await sweep();
    expect(alerts.map((a) => [a.conversationId, a.phase])).toEqual([[c, 'at_risk']]);
    const told = await notificationsAbout([c]);
    expect(told.map((n) => [n.userId, n.kind])).toEqual([[id('ada'), 'sla.at_risk']]);
    expect(told[0]!.body).toMatch(/^Your urgent-priority conversation needs a reply within 5 min/);

    expect(await sweep()).toEqual([]);
    expect(await sweep(NOW + 1_000)).toEqual([]);
    expect(await notificationsAbout([c])).toHaveLength(1);
  });

  it('tells the assignee and the team leads when the target is missed', async () => {
    const c = await waiting({ waitingSince: NOW - urgent - MINUTE });
    await sweep();
    const told = await notificationsAbout([c]);
    expect(told.map((n) => [n.userId, n.kind]).sort()).toEqual(
      [
        [id('ada'), 'sla.breached'],
        [id('lin'), 'sla.breached'],
      ].sort(),
    );
    const lead = told.find((n) => n.userId === id('lin'))!;
    expect(lead.body).toMatch(/^A urgent-priority conversation was due for a reply at /);
  });

  it('tells the leads when nobody has the conversation', async () => {
    const c = await waiting({ waitingSince: NOW - urgent + 2 * MINUTE, assignee: null });
    await sweep();
    expect((await notificationsAbout([c])).map((n) => n.userId)).toEqual([id('lin')]);
  });

  it('stays quiet about old breaches, resolved, snoozed and calm conversations', async () => {
    const old = await waiting({ waitingSince: NOW - 2 * 86_400_000 });
    const resolved = await waiting({ waitingSince: NOW - urgent - MINUTE, status: 'resolved' });
    const snoozed = await waiting({ waitingSince: NOW - urgent - MINUTE, status: 'snoozed' });
    const calm = await waiting({ waitingSince: NOW - MINUTE, priority: 'low' });
    // At risk for longer than the lookback: that window opened long ago.
    const stale = await waiting({ waitingSince: NOW - 7.9 * 3_600_000, priority: 'normal' });
    expect(await sweep()).toEqual([]);
    expect(await notificationsAbout([old, resolved, snoozed, calm, stale])).toEqual([]);
  });

  it('announces a new deadline again when the customer writes again', async () => {
    const c = await waiting({ waitingSince: NOW - urgent - MINUTE });
    await sweep();
    expect(await notificationsAbout([c])).toHaveLength(2);
    await db()
      .updateTable('conversations')
      .set({ waiting_since: new Date(NOW + MINUTE - urgent - MINUTE) })
      .where('id', '=', c)
      .execute();
    await sweep(NOW + 2 * MINUTE);
    expect(await notificationsAbout([c])).toHaveLength(4);
  });

  it('sums up a flood of breaches per person instead of one alert each', async () => {
    const flood: string[] = [];
    for (let i = 0; i < ALERTS_PER_PERSON + 3; i++)
      flood.push(await waiting({ waitingSince: NOW - urgent - MINUTE - i * 1_000 }));
    await sweep();
    const ada = (await notificationsAbout(flood)).filter((n) => n.userId === id('ada'));
    expect(ada).toHaveLength(ALERTS_PER_PERSON);
    expect(ada.filter((n) => n.title === '4 more reply targets missed')).toHaveLength(1);
  });

  it('announces once when two sweeps race', async () => {
    const c = await waiting({ waitingSince: NOW - urgent - MINUTE });
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.length + b.length).toBe(1);
    expect(await notificationsAbout([c])).toHaveLength(2);
  });

  it('the hub sweeps on its own and the assignee’s desktop gets the alert live', async () => {
    const { cursor } = await pullAll(people.ada!.socket);
    const c = await waiting({ waitingSince: Date.now() - urgent + 3 * MINUTE });
    const got = await new Promise<Change[]>((resolve, reject) => {
      let at = cursor;
      const timer = setTimeout(() => reject(new Error('no SLA alert arrived')), 15_000);
      const onPoke = () =>
        void pullAll(people.ada!.socket, at).then(({ changes, cursor: next }) => {
          at = Math.max(at, next);
          const mine = changes.filter(
            (ch) =>
              ch.entity === 'notification' && ch.op === 'put' && ch.data.refs.conversationId === c,
          );
          if (mine.length) {
            clearTimeout(timer);
            people.ada!.socket.off('sync:poke', onPoke);
            resolve(mine);
          }
        }, reject);
      people.ada!.socket.on('sync:poke', onPoke);
    });
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ data: { kind: 'sla.at_risk', userId: id('ada') } });
    const sweeps = await db()
      .selectFrom('jobs')
      .select(['done_at', 'dedupe_key'])
      .where('kind', '=', SWEEP_JOB)
      .execute();
    expect(sweeps.filter((j) => j.done_at !== null).length).toBeGreaterThan(0);
    // Exactly one sweep is booked ahead at any time.
    expect(sweeps.filter((j) => j.done_at === null).length).toBeLessThanOrEqual(2);
  });
});
