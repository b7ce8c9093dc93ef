import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { Change } from '#shared/domain/change.ts';
import type { Notification } from '#shared/domain/notification.ts';
import { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { ackSchema } from '#shared/logic/ack.ts';
import { receiveInbound } from '../../src-hub/domain/inbound.ts';
import { missedKey } from '../../src-hub/domain/callback-deadlines.ts';
import { WAKE_JOB, wakeKey } from '../../src-hub/domain/snooze.ts';
import {
  callbackFromRow,
  conversationFromRow,
  notificationFromRow,
} from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

/*
 * Snooze wake-ups and promise deadlines on a real hub whose job runner polls every 50 ms and
 * marks promises missed with no grace period, so "later" is a second away.
 */
let hub: TestHub;
const people: Record<string, { token: string; id: string; socket: Socket }> = {};
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub({ options: { jobPollMs: 50, callbackGraceMs: 0 } });
  for (const name of ['ada', 'mateo', 'sam', 'lin', 'root']) {
    const { token, user } = await loginAs(hub, `${name}@demo.test`);
    const socket = await connectAgent(hub, token);
    sockets.push(socket);
    people[name] = { token, id: user.id, socket };
  }
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
});

const p = (name: string) => people[name]!;
const db = () => hub.store.db;

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function teamId(name: string) {
  const t = await db().selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
  return t!.id;
}

/** A conversation of the team no other test has touched yet, not snoozed, not assigned to `not`. */
const taken = new Set<string>();
async function freshConversation(team: string, not?: string) {
  const rows = await db()
    .selectFrom('conversations')
    .selectAll()
    .where('team_id', '=', await teamId(team))
    .where('status', '!=', 'snoozed')
    .orderBy('id')
    .execute();
  const row = rows.find((r) => !taken.has(r.id) && (not === undefined || r.assignee_id !== not));
  if (!row) throw new Error(`no untouched conversation left in ${team}`);
  taken.add(row.id);
  return conversationFromRow(row);
}

async function conversation(id: string) {
  return conversationFromRow(
    await db()
      .selectFrom('conversations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}

async function promise(id: string) {
  return callbackFromRow(
    await db()
      .selectFrom('callback_promises')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
  );
}

async function notificationsAbout(promiseId: string) {
  const rows = await db().selectFrom('notifications').selectAll().orderBy('user_id').execute();
  return rows.map(notificationFromRow).filter((n) => n.refs.promiseId === promiseId);
}

const pendingJobs = (prefix: string) =>
  db()
    .selectFrom('jobs')
    .select(['dedupe_key', 'run_at'])
    .where('dedupe_key', 'like', `${prefix}%`)
    .where('done_at', 'is', null)
    .where('dead_at', 'is', null)
    .execute();

/**
 * Resolves with the changes a client pulls after a poke, once they contain what `match` wants:
 * the client does not ask on a timer, so only a live poke can bring it.
 */
function receivedLive(socket: Socket, cursor: number, match: (c: Change) => boolean) {
  return new Promise<Change[]>((resolve, reject) => {
    const seen: Change[] = [];
    let at = cursor;
    const timer = setTimeout(() => {
      socket.off('sync:poke', onPoke);
      reject(new Error('no live change arrived'));
    }, 15_000);
    const onPoke = () => {
      void pullAll(socket, at).then(({ changes, cursor: next }) => {
        at = Math.max(at, next);
        seen.push(...changes);
        if (seen.some(match)) {
          clearTimeout(timer);
          socket.off('sync:poke', onPoke);
          resolve(seen);
        }
      }, reject);
    };
    socket.on('sync:poke', onPoke);
  });
}

describe('snooze', () => {
  it('wakes the conversation at its time, and a colleague’s desktop gets it live', async () => {
    const c = await freshConversation('Support');
    const { cursor } = await pullAll(p('mateo').socket);
    const until = Date.now() + 700;
    const ack = await mutate(p('ada').socket, 'conversation.snooze', {
      conversationId: c.id,
      until,
    });
    expect(ack).toMatchObject({ ok: true });
    expect(await conversation(c.id)).toMatchObject({
      status: 'snoozed',
      snoozedUntil: until,
      version: c.version + 1,
    });
    expect(await pendingJobs(wakeKey(c.id, until))).toHaveLength(1);

    const woke = (ch: Change) =>
      ch.entity === 'conversation' &&
      ch.op === 'put' &&
      ch.data.id === c.id &&
      ch.data.status === 'open';
    const live = await receivedLive(p('mateo').socket, cursor, woke);
    expect(live.find(woke)).toMatchObject({
      data: { status: 'open', snoozedUntil: null, version: c.version + 2 },
    });
    const job = await db()
      .selectFrom('jobs')
      .selectAll()
      .where('dedupe_key', '=', wakeKey(c.id, until))
      .executeTakeFirstOrThrow();
    expect(job.done_at).toBeInstanceOf(Date);
    expect(job.run_at.getTime()).toBe(until);
  });

  it('refuses a past or far-future wake time and a conversation the agent cannot see', async () => {
    const c = await freshConversation('Support');
    const billing = await freshConversation('Billing & Accounts');
    for (const until of [Date.now() - 1, Date.now() + 366 * 86_400_000]) {
      const ack = await mutate(p('ada').socket, 'conversation.snooze', {
        conversationId: c.id,
        until,
      });
      expect(ack).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    const hidden = await mutate(p('ada').socket, 'conversation.snooze', {
      conversationId: billing.id,
      until: Date.now() + 60_000,
    });
    expect(hidden).toMatchObject({ ok: false, code: 'not_found' });
    expect(await pendingJobs(`${WAKE_JOB}:${c.id}:`)).toHaveLength(0);
  });

  it('a new snooze replaces the old wake-up, and set-status cancels it', async () => {
    const c = await freshConversation('Support');
    const soon = Date.now() + 500;
    const later = Date.now() + 3_600_000;
    await mutate(p('ada').socket, 'conversation.snooze', { conversationId: c.id, until: soon });
    await mutate(p('ada').socket, 'conversation.snooze', { conversationId: c.id, until: later });
    expect((await pendingJobs(`${WAKE_JOB}:${c.id}:`)).map((j) => j.dedupe_key)).toEqual([
      wakeKey(c.id, later),
    ]);
    await pause(900);
    expect(await conversation(c.id)).toMatchObject({ status: 'snoozed', snoozedUntil: later });

    const ack = await mutate(p('ada').socket, 'conversation.set-status', {
      conversationId: c.id,
      status: 'pending',
    });
    expect(ack).toMatchObject({ ok: true });
    expect(await conversation(c.id)).toMatchObject({ status: 'pending', snoozedUntil: null });
    expect(await pendingJobs(`${WAKE_JOB}:${c.id}:`)).toHaveLength(0);
  });

  it('a wake-up that outlived its snooze changes nothing', async () => {
    const c = await freshConversation('Support');
    const later = Date.now() + 3_600_000;
    await mutate(p('ada').socket, 'conversation.snooze', { conversationId: c.id, until: later });
    const before = await conversation(c.id);
    // A stale job (as if its cancel had lost a race with a claim) for another wake time.
    const stale = Date.now() - 1;
    const job = await hub.jobs.scheduler.schedule(
      WAKE_JOB,
      new Date(stale),
      { conversationId: c.id, until: stale },
      { dedupeKey: wakeKey(c.id, stale) },
    );
    await waitUntil('the stale wake-up to run', async () => {
      const row = await db()
        .selectFrom('jobs')
        .select('done_at')
        .where('id', '=', job.id)
        .executeTakeFirst();
      return Boolean(row?.done_at);
    });
    expect(await conversation(c.id)).toEqual(before);
  });

  it('an inbound message reopens a snoozed conversation and clears its wake time', async () => {
    const c = await freshConversation('Support');
    const until = Date.now() + 600;
    await mutate(p('ada').socket, 'conversation.snooze', { conversationId: c.id, until });
    await receiveInbound(
      { write: hub.write },
      {
        id: newId(),
        conversationId: c.id,
        authorName: 'Grace',
        text: 'Any news?',
        receivedAt: Date.now(),
      },
    );
    const reopened = await conversation(c.id);
    expect(reopened).toMatchObject({ status: 'open', snoozedUntil: null });
    // Its wake-up still runs, finds the snooze gone, and leaves the conversation alone.
    await waitUntil(
      'the old wake-up to run',
      async () => (await pendingJobs(wakeKey(c.id, until))).length === 0,
    );
    expect(await conversation(c.id)).toEqual(reopened);
  });
});

describe('missed promises', () => {
  it('marks an unkept promise missed once and tells the owner and the team lead, live', async () => {
    const c = await freshConversation('Support');
    const promiseId = newId();
    const linCursor = (await pullAll(p('lin').socket)).cursor;
    const samCursor = (await pullAll(p('sam').socket)).cursor;
    const rootCursor = (await pullAll(p('root').socket)).cursor;
    const dueAt = Date.now() + 600;
    const ack = await mutate(p('ada').socket, 'callback.promise', {
      promiseId,
      conversationId: c.id,
      dueAt,
      note: 'Call about the refund',
    });
    expect(ack).toMatchObject({ ok: true });
    expect((await pendingJobs(missedKey(promiseId, 1)))[0]?.run_at.getTime()).toBe(dueAt);

    const told = (ch: Change) =>
      ch.entity === 'notification' && ch.op === 'put' && ch.data.refs.promiseId === promiseId;
    const live = await receivedLive(p('lin').socket, linCursor, told);
    const forLin = live.find(told);
    expect(forLin).toMatchObject({
      data: {
        userId: p('lin').id,
        kind: 'callback.missed',
        readAt: null,
        refs: { conversationId: c.id },
      },
    });
    expect(live).toContainEqual(
      expect.objectContaining({
        entity: 'callback',
        data: expect.objectContaining({ status: 'missed' }) as unknown,
      }),
    );

    const missed = await promise(promiseId);
    expect(missed).toMatchObject({ status: 'missed', version: 2 });
    expect(missed.history.at(-1)).toMatchObject({ byUserId: null, action: 'missed', dueAt });
    expect(missed.history.filter((h) => h.action === 'missed')).toHaveLength(1);

    const notes = await notificationsAbout(promiseId);
    expect(notes.map((n) => n.userId).sort()).toEqual([p('ada').id, p('lin').id].sort());
    const own = notes.find((n) => n.userId === p('ada').id)!;
    expect(own.body).toMatch(/^Your callback promised by .* UTC was not made\.$/);
    expect(notes.find((n) => n.userId === p('lin').id)!.body).toContain('Ada Lovelace');

    // Nobody else receives them: not another team's agent, not a teammate, not even an admin.
    const ada = await pullAll(p('ada').socket);
    expect(
      ada.changes.filter(told).map((ch) => (ch as { data: Notification }).data.userId),
    ).toEqual([p('ada').id]);
    for (const [name, from] of [
      ['sam', samCursor],
      ['root', rootCursor],
      ['mateo', 0],
    ] as const) {
      const { changes } = await pullAll(p(name).socket, from);
      expect(changes.filter(told), name).toEqual([]);
    }
    // The teammate still sees the promise itself change.
    const mateo = await pullAll(p('mateo').socket);
    expect(
      mateo.changes.some(
        (ch) =>
          ch.entity === 'callback' &&
          ch.op === 'put' &&
          ch.data.id === promiseId &&
          ch.data.status === 'missed',
      ),
    ).toBe(true);
  });

  it('leaves kept, cancelled and rescheduled promises alone at their old time', async () => {
    const c = await freshConversation('Support');
    const dueAt = Date.now() + 500;
    const [kept, cancelled, moved] = [newId(), newId(), newId()];
    for (const promiseId of [kept, cancelled, moved]) {
      await mutate(p('ada').socket, 'callback.promise', {
        promiseId,
        conversationId: c.id,
        dueAt,
        note: '',
      });
    }
    await mutate(p('ada').socket, 'callback.complete', { promiseId: kept });
    await mutate(p('lin').socket, 'callback.cancel', {
      promiseId: cancelled,
      reason: 'Solved by email',
    });
    const newDue = Date.now() + 3_600_000;
    await mutate(p('ada').socket, 'callback.reschedule', { promiseId: moved, dueAt: newDue });
    for (const id of [kept, cancelled, moved])
      expect(await pendingJobs(missedKey(id, 1)), id).toEqual([]);
    expect((await pendingJobs(missedKey(moved, 2)))[0]?.run_at.getTime()).toBe(newDue);

    await pause(1_000);
    expect((await promise(kept)).status).toBe('kept');
    expect((await promise(cancelled)).status).toBe('cancelled');
    expect(await promise(moved)).toMatchObject({ status: 'scheduled', dueAt: newDue, version: 2 });
    for (const id of [kept, cancelled, moved]) expect(await notificationsAbout(id)).toEqual([]);
  });

  it('a reschedule into a window is missed at the window’s end', async () => {
    const c = await freshConversation('Support');
    const promiseId = newId();
    await mutate(p('ada').socket, 'callback.promise', {
      promiseId,
      conversationId: c.id,
      dueAt: Date.now() + 3_600_000,
      note: '',
    });
    const dueAt = Date.now() + 300;
    const windowEndAt = Date.now() + 900;
    await mutate(p('ada').socket, 'callback.reschedule', { promiseId, dueAt, windowEndAt });
    expect((await pendingJobs(missedKey(promiseId, 2)))[0]?.run_at.getTime()).toBe(windowEndAt);
    await waitUntil(
      'the promise to be missed',
      async () => (await promise(promiseId)).status === 'missed',
    );
    expect(Date.now()).toBeGreaterThanOrEqual(windowEndAt);
  });
});

describe('notifications', () => {
  it('only the recipient may mark one read; anyone else is told it does not exist', async () => {
    const [mine] = (
      await db()
        .selectFrom('notifications')
        .selectAll()
        .where('user_id', '=', p('lin').id)
        .where('read_at', 'is', null)
        .execute()
    ).map(notificationFromRow);
    if (!mine)
      throw new Error('lin has no unread notification (the missed-promise test makes one)');
    for (const name of ['ada', 'root']) {
      const ack = await mutate(p(name).socket, 'notification.mark-read', {
        notificationId: mine.id,
      });
      expect(ack, name).toMatchObject({ ok: false, code: 'not_found' });
    }
    const unknown = await mutate(p('lin').socket, 'notification.mark-read', {
      notificationId: newId(),
    });
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });

    const { cursor } = await pullAll(p('lin').socket);
    const ack = await mutate(p('lin').socket, 'notification.mark-read', {
      notificationId: mine.id,
    });
    expect(ack).toMatchObject({ ok: true });
    const { changes } = await pullAll(p('lin').socket, cursor);
    expect(changes).toEqual([
      expect.objectContaining({
        entity: 'notification',
        data: expect.objectContaining({
          id: mine.id,
          readAt: expect.any(Number) as unknown,
        }) as unknown,
      }),
    ]);
    const again = await mutate(p('lin').socket, 'notification.mark-read', {
      notificationId: mine.id,
    });
    expect(again).toMatchObject({ ok: true, value: { seq: 0 } });
  });

  it('tells mentioned colleagues and a new assignee, but never the author themselves', async () => {
    const c = await freshConversation('Support', p('mateo').id);
    const messageId = newId();
    await mutate(p('ada').socket, 'conversation.note', {
      conversationId: c.id,
      messageId,
      text: 'Can you look at this?',
      mentions: [p('lin').id, p('ada').id],
    });
    const rows = (await db().selectFrom('notifications').selectAll().execute()).map(
      notificationFromRow,
    );
    const mentions = rows.filter((n) => n.refs.messageId === messageId);
    expect(mentions).toEqual([
      expect.objectContaining({
        userId: p('lin').id,
        kind: 'mention',
        title: 'Ada Lovelace mentioned you',
      }),
    ]);
    // Customer text never reaches a notification.
    expect(JSON.stringify(mentions)).not.toContain('look at this');

    await mutate(p('lin').socket, 'conversation.assign', {
      conversationId: c.id,
      assigneeId: p('mateo').id,
    });
    await mutate(p('mateo').socket, 'conversation.assign', {
      conversationId: c.id,
      assigneeId: p('mateo').id,
    });
    await mutate(p('ada').socket, 'conversation.assign', {
      conversationId: c.id,
      assigneeId: p('ada').id,
    });
    const assigned = (
      await db().selectFrom('notifications').selectAll().where('kind', '=', 'assignment').execute()
    )
      .map(notificationFromRow)
      .filter((n) => n.refs.conversationId === c.id);
    expect(assigned).toEqual([
      expect.objectContaining({
        userId: p('mateo').id,
        title: 'Lin Chen assigned you a conversation',
      }),
    ]);
  });

  it('come with the bootstrap snapshot of their recipient only', async () => {
    const snapshot = async (name: string) => {
      const raw: unknown = await p(name).socket.timeout(20_000).emitWithAck('sync:snapshot', {});
      const ack = ackSchema(SyncSnapshotPage).parse(raw);
      if (!ack.ok) throw new Error(ack.message);
      return ack.value.notifications;
    };
    const lin = await snapshot('lin');
    expect(lin.length).toBeGreaterThan(0);
    expect(lin.every((n) => n.userId === p('lin').id)).toBe(true);
    expect(await snapshot('root')).toEqual([]);
  });
});

describe('transfer', () => {
  it('moves the conversation’s promises to the new team’s desktops and off the old one’s', async () => {
    const c = await freshConversation('Support');
    const promiseId = newId();
    await mutate(p('ada').socket, 'callback.promise', {
      promiseId,
      conversationId: c.id,
      dueAt: Date.now() + 3_600_000,
      note: '',
    });
    const cursors = Object.fromEntries(
      await Promise.all(
        ['ada', 'mateo', 'sam', 'lin'].map(
          async (n) => [n, (await pullAll(p(n).socket)).cursor] as const,
        ),
      ),
    );
    const ack = await mutate(p('lin').socket, 'conversation.assign', {
      conversationId: c.id,
      teamId: await teamId('Billing & Accounts'),
      assigneeId: null,
    });
    expect(ack).toMatchObject({ ok: true });
    const after = async (name: string) =>
      (await pullAll(p(name).socket, cursors[name])).changes.filter(
        (ch) =>
          ch.entity === 'callback' &&
          (ch.op === 'put' ? ch.data.id === promiseId : ch.id === promiseId),
      );
    // The new team gets it now, not at the promise's next write.
    expect(await after('sam')).toEqual([
      expect.objectContaining({
        op: 'put',
        data: expect.objectContaining({ id: promiseId, status: 'scheduled' }) as unknown,
      }),
    ]);
    // The old team loses it, as it loses the conversation.
    expect(await after('mateo')).toEqual([
      expect.objectContaining({ op: 'delete', id: promiseId }),
    ]);
    // The owner and a lead of both teams keep it.
    for (const name of ['ada', 'lin']) {
      const changes = await after(name);
      expect(
        changes.map((ch) => ch.op),
        name,
      ).toEqual(['put']);
    }
    // The deadline is untouched by the move.
    expect(await pendingJobs(missedKey(promiseId, 1))).toHaveLength(1);
  });
});
