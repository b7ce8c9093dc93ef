import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { callbackFromRow, conversationFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
const people: Record<string, { token: string; id: string; socket: Socket }> = {};
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  for (const name of ['ada', 'sam', 'lin']) {
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
const HOUR = 3_600_000;

async function teamId(name: string) {
  const t = await db().selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst();
  return t!.id;
}

/** Customers whose every conversation sits in `team`, so who may see what is predictable. */
async function customersOnlyIn(team: string) {
  const id = await teamId(team);
  const rows = await db()
    .selectFrom('conversations')
    .select(['customer_id', 'team_id'])
    .orderBy('customer_id')
    .execute();
  const teamsOf = new Map<string, Set<string>>();
  for (const r of rows)
    teamsOf.set(r.customer_id, (teamsOf.get(r.customer_id) ?? new Set()).add(r.team_id));
  return [...teamsOf].filter(([, t]) => t.size === 1 && t.has(id)).map(([c]) => c);
}

async function conversationIn(team: string, notAssignedTo?: string) {
  const rows = await db()
    .selectFrom('conversations')
    .selectAll()
    .where('team_id', '=', await teamId(team))
    .orderBy('id')
    .execute();
  return conversationFromRow(rows.find((r) => r.assignee_id !== notAssignedTo) ?? rows[0]!);
}

async function promiseRow(id: string) {
  const row = await db()
    .selectFrom('callback_promises')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return callbackFromRow(row);
}

describe('customer identities', () => {
  it('normalizes values and keeps (kind, value) unique across customers', async () => {
    const [a, b] = await customersOnlyIn('Support');
    const first = await mutate(p('ada').socket, 'customer.add-identity', {
      customerId: a,
      identityId: newId(),
      kind: 'email',
      value: '  Grace.Unique@Example.COM ',
    });
    expect(first).toMatchObject({ ok: true });
    const stored = await db()
      .selectFrom('customer_identities')
      .selectAll()
      .where('customer_id', '=', a!)
      .execute();
    expect(stored.map((i) => i.value)).toContain('grace.unique@example.com');

    const clash = await mutate(p('sam').socket, 'customer.add-identity', {
      customerId: b,
      identityId: newId(),
      kind: 'email',
      value: 'grace.unique@example.com',
    });
    expect(clash).toMatchObject({ ok: false, code: 'conflict' });

    const again = await mutate(p('ada').socket, 'customer.add-identity', {
      customerId: a,
      identityId: newId(),
      kind: 'email',
      value: 'GRACE.UNIQUE@example.com',
    });
    expect(again).toMatchObject({ ok: true, value: { seq: 0 } });

    const phone = await mutate(p('ada').socket, 'customer.add-identity', {
      customerId: b,
      identityId: newId(),
      kind: 'phone',
      value: '+1 (555) 010-7788',
    });
    expect(phone).toMatchObject({ ok: true });
    const phones = await db()
      .selectFrom('customer_identities')
      .select('value')
      .where('kind', '=', 'phone')
      .execute();
    expect(phones.map((r) => r.value)).toContain('+15550107788');

    const unknown = await mutate(p('ada').socket, 'customer.add-identity', {
      customerId: newId(),
      identityId: newId(),
      kind: 'social',
      value: '@nobody',
    });
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
  });
});

describe('customer.edit', () => {
  it('lets any agent correct a customer and audits it', async () => {
    const [c] = await customersOnlyIn('Billing & Accounts');
    const { cursor } = await pullAll(p('ada').socket);
    const ack = await mutate(p('ada').socket, 'customer.edit', {
      customerId: c,
      company: 'Analytical Engines Ltd',
      timezone: 'Europe/London',
    });
    expect(ack).toMatchObject({ ok: true });
    const { changes } = await pullAll(p('ada').socket, cursor);
    expect(changes).toContainEqual(
      expect.objectContaining({
        entity: 'customer',
        op: 'put',
        data: expect.objectContaining({ id: c, company: 'Analytical Engines Ltd' }) as unknown,
      }),
    );
    const audits = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.edit')
      .where('entity_id', '=', c!)
      .execute();
    expect(audits).toHaveLength(1);
    expect(
      await mutate(p('ada').socket, 'customer.edit', { customerId: c, timezone: 'Mars/Olympus' }),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('stores notes and preferences, syncs them, and audits what they were before', async () => {
    const [, c] = await customersOnlyIn('Billing & Accounts');
    const before = await db()
      .selectFrom('customers')
      .select(['notes', 'preferences'])
      .where('id', '=', c!)
      .executeTakeFirstOrThrow();
    const { cursor } = await pullAll(p('lin').socket);
    const preferences = { likes: ['WhatsApp', 'Short answers'], avoid: ['Calls before 10am'] };
    const ack = await mutate(p('sam').socket, 'customer.edit', {
      customerId: c,
      notes: 'Prefers <b>WhatsApp</b>',
      preferences,
    });
    expect(ack).toMatchObject({ ok: true });
    const row = await db()
      .selectFrom('customers')
      .select(['notes', 'preferences'])
      .where('id', '=', c!)
      .executeTakeFirstOrThrow();
    expect(row.notes).toBe('Prefers <b>WhatsApp</b>');
    expect(row.preferences).toEqual(preferences);
    // Directory data: everyone's next pull carries the new record, preferences included.
    const { changes } = await pullAll(p('lin').socket, cursor);
    expect(changes).toContainEqual(
      expect.objectContaining({
        entity: 'customer',
        data: expect.objectContaining({ id: c, preferences }) as unknown,
      }),
    );
    const audits = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.edit')
      .where('entity_id', '=', c!)
      .execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor_id).toBe(p('sam').id);
    const detail = (
      typeof audits[0]!.detail === 'string' ? JSON.parse(audits[0]!.detail) : audits[0]!.detail
    ) as { from: Record<string, unknown>; to: Record<string, unknown> };
    expect(detail.from).toEqual({ notes: before.notes, preferences: before.preferences });
    expect(detail.to).toEqual({ notes: 'Prefers <b>WhatsApp</b>', preferences });

    // The same preferences again change nothing, so nothing more is audited.
    const again = await mutate(p('sam').socket, 'customer.edit', { customerId: c, preferences });
    expect(again).toMatchObject({ ok: true, value: { seq: 0 } });
    const bad = await mutate(p('sam').socket, 'customer.edit', {
      customerId: c,
      preferences: { likes: ['x'.repeat(500)], avoid: [] },
    });
    expect(bad).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

describe('customer.merge', () => {
  it('refuses a merge into itself and unknown customers', async () => {
    const [c] = await customersOnlyIn('Support');
    expect(
      await mutate(p('ada').socket, 'customer.merge', { sourceId: c, targetId: c }),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(
      await mutate(p('ada').socket, 'customer.merge', { sourceId: newId(), targetId: c }),
    ).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('moves conversations, messages, identities and promises, deletes the source, audits', async () => {
    const billing = await customersOnlyIn('Billing & Accounts');
    const source = billing[billing.length - 1]!;
    const target = billing[billing.length - 2]!;
    const identityId = newId();
    await mutate(p('sam').socket, 'customer.add-identity', {
      customerId: source,
      identityId,
      kind: 'chat_visitor',
      value: `visitor-${identityId}`,
    });
    const moved = await db()
      .selectFrom('conversations')
      .select('id')
      .where('customer_id', '=', source)
      .execute();
    expect(moved.length).toBeGreaterThan(0);
    const promiseId = newId();
    expect(
      await mutate(p('sam').socket, 'callback.promise', {
        promiseId,
        conversationId: moved[0]!.id,
        dueAt: Date.now() + HOUR,
        note: 'Call back about the refund',
      }),
    ).toMatchObject({ ok: true });
    const sam0 = (await pullAll(p('sam').socket)).cursor;
    const ada0 = (await pullAll(p('ada').socket)).cursor;

    const ack = await mutate(p('sam').socket, 'customer.merge', {
      sourceId: source,
      targetId: target,
    });
    expect(ack).toMatchObject({ ok: true });

    // No orphan anywhere: every row that named the source now names the target.
    for (const table of [
      'conversations',
      'messages',
      'customer_identities',
      'callback_promises',
    ] as const) {
      const left = await db()
        .selectFrom(table)
        .select('id')
        .where('customer_id', '=', source)
        .execute();
      expect(left, table).toEqual([]);
    }
    expect(
      await db().selectFrom('customers').select('id').where('id', '=', source).executeTakeFirst(),
    ).toBeUndefined();
    const mergedPromise = await promiseRow(promiseId);
    expect(mergedPromise.customerId).toBe(target);
    // The merge bumped the promise's version, so its deadline moved to the new version with it.
    const deadlines = await db()
      .selectFrom('jobs')
      .select('dedupe_key')
      .where('dedupe_key', 'like', `callback.mark-missed:${promiseId}:%`)
      .execute();
    expect(deadlines.map((j) => j.dedupe_key)).toEqual([
      `callback.mark-missed:${promiseId}:${mergedPromise.version}`,
    ]);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.merge')
      .where('entity_id', '=', target)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(p('sam').id);

    const { changes } = await pullAll(p('sam').socket, sam0);
    expect(changes).toContainEqual(
      expect.objectContaining({ entity: 'customer', op: 'delete', id: source }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        entity: 'customer',
        op: 'put',
        data: expect.objectContaining({ id: target }) as unknown,
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        entity: 'identity',
        op: 'put',
        data: expect.objectContaining({ id: identityId, customerId: target }) as unknown,
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        entity: 'callback',
        op: 'put',
        data: expect.objectContaining({ id: promiseId, customerId: target }) as unknown,
      }),
    );
    const puts = changes.flatMap((c) =>
      c.op === 'put' && c.entity === 'conversation' ? [c.data] : [],
    );
    expect(puts.map((c) => c.id).sort()).toEqual(moved.map((m) => m.id).sort());
    expect(puts.every((c) => c.customerId === target)).toBe(true);

    // Ada (Support only) learns about the directory change, but not Billing's conversations.
    const ada = await pullAll(p('ada').socket, ada0);
    expect(ada.changes).toContainEqual(
      expect.objectContaining({ entity: 'customer', op: 'delete', id: source }),
    );
    expect(ada.changes.some((c) => c.entity === 'conversation' || c.entity === 'callback')).toBe(
      false,
    );
  });
});

describe('callback promises', () => {
  it('promise → reschedule keeps history → complete; a kept promise cannot move', async () => {
    const c = await conversationIn('Support');
    const { cursor } = await pullAll(p('ada').socket);
    const promiseId = newId();
    const dueAt = Date.now() + 2 * HOUR;
    expect(
      await mutate(p('ada').socket, 'callback.promise', {
        promiseId,
        conversationId: c.id,
        dueAt,
        windowEndAt: dueAt + HOUR,
        note: 'Confirm the replacement shipped',
      }),
    ).toMatchObject({ ok: true });
    const created = await promiseRow(promiseId);
    expect(created).toMatchObject({
      status: 'scheduled',
      ownerId: p('ada').id,
      customerId: c.customerId,
      channel: c.channel,
      windowEndAt: dueAt + HOUR,
    });

    const later = dueAt + 24 * HOUR;
    expect(
      await mutate(p('ada').socket, 'callback.reschedule', {
        promiseId,
        dueAt: later,
        reason: 'Customer asked for tomorrow',
      }),
    ).toMatchObject({ ok: true });
    expect(await mutate(p('ada').socket, 'callback.complete', { promiseId })).toMatchObject({
      ok: true,
    });
    const kept = await promiseRow(promiseId);
    expect(kept.status).toBe('kept');
    expect(kept.windowEndAt).toBeNull();
    expect(kept.version).toBe(3);
    expect(kept.history.map((h) => [h.action, h.dueAt])).toEqual([
      ['promised', dueAt],
      ['rescheduled', later],
      ['kept', later],
    ]);

    expect(
      await mutate(p('ada').socket, 'callback.reschedule', { promiseId, dueAt: later + HOUR }),
    ).toMatchObject({ ok: false, code: 'conflict' });

    const { changes } = await pullAll(p('ada').socket, cursor);
    const puts = changes.filter((ch) => ch.entity === 'callback' && ch.op === 'put');
    expect(puts).toHaveLength(3);
    expect(puts.at(-1)).toMatchObject({ data: { status: 'kept', version: 3 } });
  });

  it('cancels with a reason; a lead may act for the owner, another agent may not', async () => {
    const c = await conversationIn('Support');
    const promiseId = newId();
    await mutate(p('ada').socket, 'callback.promise', {
      promiseId,
      conversationId: c.id,
      dueAt: Date.now() + HOUR,
      note: '',
    });
    const mateo = await loginAs(hub, 'mateo@demo.test');
    const mateoSocket = await connectAgent(hub, mateo.token);
    sockets.push(mateoSocket);
    expect(await mutate(mateoSocket, 'callback.complete', { promiseId })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await mutate(p('sam').socket, 'callback.complete', { promiseId })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(
      await mutate(p('lin').socket, 'callback.cancel', { promiseId, reason: 'Resolved by email' }),
    ).toMatchObject({ ok: true });
    const cancelled = await promiseRow(promiseId);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toMatchObject({
      action: 'cancelled',
      byUserId: p('lin').id,
      note: 'Resolved by email',
    });
  });

  it('refuses past, too distant and inverted times, and other teams’ conversations', async () => {
    const c = await conversationIn('Support');
    const head = await headSeq(db());
    const base = { conversationId: c.id, note: 'x' };
    for (const times of [
      { dueAt: Date.now() - 60_000 },
      { dueAt: Date.now() + 400 * 24 * HOUR },
      { dueAt: Date.now() + 2 * HOUR, windowEndAt: Date.now() + HOUR },
    ]) {
      const ack = await mutate(p('ada').socket, 'callback.promise', {
        ...base,
        ...times,
        promiseId: newId(),
      });
      expect(ack, JSON.stringify(times)).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    const billing = await conversationIn('Billing & Accounts', p('ada').id);
    expect(
      await mutate(p('ada').socket, 'callback.promise', {
        promiseId: newId(),
        conversationId: billing.id,
        dueAt: Date.now() + HOUR,
        note: 'x',
      }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(
      await mutate(p('ada').socket, 'callback.complete', { promiseId: newId() }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await headSeq(db())).toBe(head);
  });

  it('replays a repeated callback.promise id without a second promise', async () => {
    const c = await conversationIn('Support');
    const id = newId();
    const args = {
      promiseId: newId(),
      conversationId: c.id,
      dueAt: Date.now() + HOUR,
      note: 'once',
    };
    const first = await mutate(p('ada').socket, 'callback.promise', args, id);
    const head = await headSeq(db());
    const again = await mutate(p('ada').socket, 'callback.promise', args, id);
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again.value).toEqual({ seq: first.value.seq, replayed: true });
    expect(await headSeq(db())).toBe(head);
    // A fresh mutation id with the same promise id is a different mutation: a conflict.
    expect(await mutate(p('ada').socket, 'callback.promise', args)).toMatchObject({
      ok: false,
      code: 'conflict',
    });
  });
});
