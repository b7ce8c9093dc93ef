import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { HttpErrorBody } from '#shared/logic/ack.ts';
import { ChangePasswordResponse } from '#shared/contracts/admin.ts';
import type { Agent } from '#shared/domain/user.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { TeamId } from '#shared/logic/ids.ts';
import { createSessionService } from '../../src-hub/auth/sessions.ts';
import { hashToken } from '../../src-hub/auth/tokens.ts';
import {
  createAccountsService,
  type AccountsService,
  type Actor,
} from '../../src-hub/domain/accounts.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { byEntity, pullAll } from './support/pull.ts';

/**
 * Sessions, a user's own password change, and deactivation: what ends, what survives, and that
 * every change is audited. Deactivation runs through the accounts service here (the admin API
 * over HTTP is covered in admin.test.ts).
 */

let hub: TestHub;
let accounts: AccountsService;
let admin: Actor;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await startTestHub();
  accounts = createAccountsService({
    db: hub.store.db,
    write: hub.write,
    disconnectUser: (id) => hub.realtime.disconnectUser(id),
  });
  const root = await accounts.findUserByEmail('root@demo.test');
  if (!root) throw new Error('demo admin missing');
  admin = { via: 'api', userId: root.id };
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
});

const PASSWORD = 'correct-horse-battery';
let seq = 0;
/** A fresh agent per test, so no test depends on another's sessions or throttle state. */
async function newAgent(password = PASSWORD) {
  const email = `acct-${++seq}-${Date.now()}@example.test`;
  const user = await accounts.createUser(admin, {
    email,
    name: `Account Test ${seq}`,
    role: 'agent',
    password,
    teamIds: [],
  });
  return { ...user, email };
}

async function connect(token: string) {
  const socket = await connectAgent(hub, token);
  sockets.push(socket);
  return socket;
}

const refusal = (token: string) =>
  connectAgent(hub, token).then(
    (s) => {
      s.close();
      return null;
    },
    (e: Error & { data?: unknown }) => e,
  );

const disconnected = (socket: Socket) =>
  new Promise<string>((resolve) => {
    if (!socket.connected) resolve('already');
    socket.once('disconnect', resolve);
  });

const me = (token: string) =>
  fetch(`${hub.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } });

const changePassword = (token: string | null, body: unknown) =>
  fetch(`${hub.url}/api/v1/auth/password`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });

async function auditFor(entityId: string) {
  const rows = await hub.store.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as Record<
      string,
      unknown
    >,
  }));
}

describe('session policy', () => {
  const MIN = 60_000;

  it('ends a session left idle for the idle limit, and activity keeps it alive until then', async () => {
    const { id } = await newAgent();
    let now = Date.UTC(2030, 0, 1);
    const sessions = createSessionService({
      db: hub.store.db,
      policy: { idleMs: 10 * MIN, absoluteMs: 24 * 60 * MIN },
      now: () => now,
    });
    const token = await sessions.create(id);
    now += 9 * MIN;
    expect(await sessions.authenticate(token)).toMatchObject({ userId: id });
    now += 9 * MIN; // 18 minutes after sign-in, but only 9 since it was last used
    expect(await sessions.authenticate(token)).toMatchObject({ userId: id });
    now += 10 * MIN;
    expect(await sessions.authenticate(token)).toBeNull();
  });

  it('ends a session at the absolute limit however active it is', async () => {
    const { id } = await newAgent();
    let now = Date.UTC(2030, 0, 1);
    const sessions = createSessionService({
      db: hub.store.db,
      policy: { idleMs: 10 * MIN, absoluteMs: 30 * MIN },
      now: () => now,
    });
    const token = await sessions.create(id);
    for (let i = 0; i < 5; i++) {
      now += 5 * MIN;
      expect(await sessions.authenticate(token)).not.toBeNull();
    }
    now += 5 * MIN - 1;
    expect(await sessions.authenticate(token)).not.toBeNull();
    now += 1;
    expect(await sessions.authenticate(token)).toBeNull();
  });

  it('gives a real sign-in the default 60-day absolute expiry', async () => {
    const { email } = await newAgent();
    await loginAs(hub, email, PASSWORD);
    const row = await hub.store.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.created_at', 'sessions.expires_at'])
      .where('users.email', '=', email)
      .executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(
      60 * 24 * 60 * MIN,
    );
  });

  it('logout revokes the token for REST and for the next socket connect, and only that one', async () => {
    const { email } = await newAgent();
    const a = await loginAs(hub, email, PASSWORD);
    const b = await loginAs(hub, email, PASSWORD);
    const res = await fetch(`${hub.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(res.status).toBe(204);
    expect((await me(a.token)).status).toBe(401);
    expect((await refusal(a.token))?.message).toBe('unauthorized');
    expect((await me(b.token)).status).toBe(200);
  });
});

describe('POST /api/v1/auth/password', () => {
  it('sets the new password, ends every other session and keeps the current one', async () => {
    const user = await newAgent();
    const current = await loginAs(hub, user.email, PASSWORD);
    const other = await loginAs(hub, user.email, PASSWORD);
    const otherSocket = await connect(other.token);
    const gone = disconnected(otherSocket);

    const res = await changePassword(current.token, {
      currentPassword: PASSWORD,
      newPassword: 'a-brand-new-passphrase',
    });
    expect(res.status).toBe(200);
    expect(ChangePasswordResponse.parse(await res.json())).toEqual({ otherSessionsEnded: 1 });

    expect(await gone).toBe('io server disconnect');
    expect((await me(other.token)).status).toBe(401);
    expect((await refusal(other.token))?.message).toBe('unauthorized');
    // The desktop that changed it keeps working and reconnects with the same token.
    expect((await me(current.token)).status).toBe(200);
    expect((await connect(current.token)).connected).toBe(true);

    await expect(loginAs(hub, user.email, PASSWORD)).rejects.toThrow(/401/);
    await expect(loginAs(hub, user.email, 'a-brand-new-passphrase')).resolves.toBeTruthy();

    const stored = await hub.store.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const entries = await auditFor(user.id);
    expect(entries.at(-1)).toMatchObject({
      actor_id: user.id,
      action: 'user.change',
      entity: 'user',
      detail: { op: 'password.change', sessionsEnded: 1 },
    });
    expect(JSON.stringify(entries)).not.toContain('brand-new');
  });

  it('answers a wrong current password with 401, changes nothing, and throttles repeats', async () => {
    const user = await newAgent();
    const { token } = await loginAs(hub, user.email, PASSWORD);
    const other = await loginAs(hub, user.email, PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await changePassword(token, {
        currentPassword: `wrong-guess-${i}`,
        newPassword: 'never-gets-set-1',
      });
      statuses.push(res.status);
      const body = HttpErrorBody.parse(await res.json());
      if (res.status === 401) expect(body.error.code).toBe('unauthorized');
      if (res.status === 429) {
        expect(body.error.code).toBe('rate_limited');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // While throttled even the right password is refused, so guessing gains nothing.
    const right = await changePassword(token, {
      currentPassword: PASSWORD,
      newPassword: 'never-gets-set-2',
    });
    expect(right.status).toBe(429);
    // A wrong guess is not a sign-out: both sessions and the old password still work.
    expect((await me(token)).status).toBe(200);
    expect((await me(other.token)).status).toBe(200);
    await expect(loginAs(hub, user.email, PASSWORD)).resolves.toBeTruthy();
    expect(await auditFor(user.id)).toHaveLength(1); // only its creation
  });

  it('refuses a new password equal to the current one', async () => {
    const user = await newAgent();
    const { token } = await loginAs(hub, user.email, PASSWORD);
    const res = await changePassword(token, { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(res.status).toBe(400);
    expect(HttpErrorBody.parse(await res.json()).error.code).toBe('invalid_input');
  });

  it.each([
    ['a too-short new password', { currentPassword: PASSWORD, newPassword: 'short' }],
    ['an oversized new password', { currentPassword: PASSWORD, newPassword: 'x'.repeat(1025) }],
    ['a missing current password', { newPassword: 'long-enough-password' }],
    ['extra keys', { currentPassword: PASSWORD, newPassword: 'long-enough-pw', userId: 'x' }],
    ['wrong types', { currentPassword: 1, newPassword: ['x'] }],
  ])('rejects %s with a 400 JSON error', async (_label, body) => {
    const user = await newAgent();
    const { token } = await loginAs(hub, user.email, PASSWORD);
    const res = await changePassword(token, body);
    expect(res.status).toBe(400);
    expect(HttpErrorBody.parse(await res.json()).error.code).toBe('invalid_input');
  });

  it('requires a valid session', async () => {
    const body = { currentPassword: PASSWORD, newPassword: 'long-enough-password' };
    expect((await changePassword(null, body)).status).toBe(401);
    expect((await changePassword('x'.repeat(43), body)).status).toBe(401);
  });
});

describe('deactivation', () => {
  it('ends REST access and the live socket, refuses reconnects and sign-in, and tells colleagues', async () => {
    const user = await newAgent();
    const { token } = await loginAs(hub, user.email, PASSWORD);
    const socket = await connect(token);
    const gone = disconnected(socket);
    const colleague = await connect((await loginAs(hub, 'ada@demo.test')).token);
    const { cursor } = await pullAll(colleague);
    const poked = new Promise((resolve) => colleague.once('sync:poke', resolve));

    const { user: after, sessionsEnded } = await accounts.updateUser(admin, user.id, {
      active: false,
    });
    expect(after.active).toBe(false);
    expect(sessionsEnded).toBe(1);

    expect(await gone).toBe('io server disconnect');
    const rest = await me(token);
    expect(rest.status).toBe(401);
    expect(HttpErrorBody.parse(await rest.json()).error.code).toBe('unauthorized');
    // The desktop wipes its cache when the reconnect is refused with exactly this.
    const refused = await refusal(token);
    expect(refused?.message).toBe('unauthorized');
    expect(refused?.data).toMatchObject({ code: 'unauthorized' });

    const login = await fetch(`${hub.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    expect(login.status).toBe(401);
    expect(HttpErrorBody.parse(await login.json()).error.message).toBe(
      'Email or password is incorrect.',
    );

    await poked;
    const { changes } = await pullAll(colleague, cursor);
    const agents = byEntity(changes, 'agent') as Agent[];
    expect(agents).toContainEqual(expect.objectContaining({ id: user.id, active: false }));

    expect((await auditFor(user.id)).at(-1)).toMatchObject({
      actor_id: admin.via === 'api' ? admin.userId : null,
      action: 'user.change',
      detail: { op: 'deactivate', changes: { active: { from: true, to: false } } },
    });
  });

  it('lets a reactivated user sign in again with their password', async () => {
    const user = await newAgent();
    await accounts.updateUser(admin, user.id, { active: false });
    await expect(loginAs(hub, user.email, PASSWORD)).rejects.toThrow(/401/);
    await accounts.updateUser(admin, user.id, { active: true });
    await expect(loginAs(hub, user.email, PASSWORD)).resolves.toBeTruthy();
  });
});

describe('account changes under concurrency and their effect on live sockets', () => {
  it('lets exactly one of two simultaneous sign-ups with one email through', async () => {
    const email = `race-${Date.now()}@example.test`;
    const create = () =>
      accounts.createUser(admin, {
        email,
        name: 'Race',
        role: 'agent',
        password: PASSWORD,
        teamIds: [],
      });
    const results = await Promise.allSettled([create(), create(), create()]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
    }
  });

  it('never lets two admins demote each other into having none', async () => {
    const a = await accounts.createUser(admin, {
      email: `adm-a-${Date.now()}@example.test`,
      name: 'Admin A',
      role: 'admin',
      password: PASSWORD,
      teamIds: [],
    });
    const b = await accounts.createUser(admin, {
      email: `adm-b-${Date.now()}@example.test`,
      name: 'Admin B',
      role: 'admin',
      password: PASSWORD,
      teamIds: [],
    });
    // With root demoted first, A and B are the only admins left; they race to demote each other.
    const rootId = admin.via === 'api' ? admin.userId : '';
    await accounts.updateUser({ via: 'api', userId: a.id }, rootId, { role: 'lead' });
    const results = await Promise.allSettled([
      accounts.updateUser({ via: 'api', userId: a.id }, b.id, { role: 'agent' }),
      accounts.updateUser({ via: 'api', userId: b.id }, a.id, { role: 'agent' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const admins = (await accounts.listUsers()).filter((u) => u.role === 'admin' && u.active);
    expect(admins).toHaveLength(1);
    // Put things back for the other tests.
    await accounts.updateUser({ via: 'api', userId: admins[0]?.id ?? '' }, rootId, {
      role: 'admin',
    });
  });

  it('moving someone to another team ends their sockets, and they reconnect under the new teams', async () => {
    const [support, billing] = await Promise.all([
      accounts.teamIdsByName(['Support']),
      accounts.teamIdsByName(['Billing & Accounts']),
    ]);
    const user = await accounts.createUser(admin, {
      email: `mover-${Date.now()}@example.test`,
      name: 'Mover',
      role: 'agent',
      password: PASSWORD,
      teamIds: support,
    });
    const { token } = await loginAs(hub, user.email, PASSWORD);
    const socket = await connect(token);
    const gone = disconnected(socket);
    await accounts.updateUser(admin, user.id, { teamIds: billing });
    expect(await gone).toBe('io server disconnect');
    const again = await connect(token);
    expect(again.connected).toBe(true);
    const body = (await (await me(token)).json()) as { teamIds: string[] };
    expect(body.teamIds).toEqual(billing);
  });
});

describe('live sockets follow the session', () => {
  it('cuts off a connected desktop whose session was revoked elsewhere, at its next request', async () => {
    const { token } = await loginAs(hub, 'ada@demo.test');
    const socket = await connectAgent(hub, token);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    // Revoke the session directly in the database, as the CLI on another process would.
    await hub.store.db
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', hashToken(token))
      .execute();
    await new Promise((r) => setTimeout(r, 5_200));
    socket.emit('sync:pull', { cursor: 0 }, () => undefined);
    expect(await disconnected).toBe('io server disconnect');
    socket.close();
  });
});

describe('narrowed access', () => {
  it('makes a desktop start over when its user loses a team, and the fresh snapshot holds none of it', async () => {
    const teams = await hub.store.db.selectFrom('teams').select(['id', 'name']).execute();
    const support = teams.find((t) => t.name === 'Support')!.id as TeamId;
    const billing = teams.find((t) => t.name === 'Billing & Accounts')!.id as TeamId;
    const agent = await newAgent();
    await accounts.updateUser(admin, agent.id, { teamIds: [support, billing] });
    const { token } = await loginAs(hub, agent.email, PASSWORD);
    const before = await pullAll(await connect(token));
    const billingIds = new Set(
      (byEntity(before.changes, 'conversation') as Conversation[])
        .filter((c) => c.teamId === billing)
        .map((c) => c.id),
    );
    expect(billingIds.size).toBeGreaterThan(0);

    // Gaining a team narrows nothing; losing one does.
    await accounts.updateUser(admin, agent.id, { teamIds: [support] });
    const socket = await connect(token);
    const raw: unknown = await socket
      .timeout(5000)
      .emitWithAck('sync:pull', { cursor: before.cursor, limit: 100 });
    expect(raw).toMatchObject({ ok: false, code: 'resync_required' });

    const snapshot: unknown = await socket.timeout(20_000).emitWithAck('sync:snapshot', {});
    const value = (snapshot as { value: { conversations: { id: string }[]; cursor: number } })
      .value;
    expect(value.conversations.some((c) => billingIds.has(c.id as Conversation['id']))).toBe(false);
    const after = await pullAll(socket, value.cursor);
    expect(after.changes.length).toBeGreaterThanOrEqual(0);
  });

  it('leaves a desktop alone when its user only gains access', async () => {
    const teams = await hub.store.db.selectFrom('teams').select(['id', 'name']).execute();
    const agent = await newAgent();
    await accounts.updateUser(admin, agent.id, { teamIds: [teams[0]!.id as TeamId] });
    const { token } = await loginAs(hub, agent.email, PASSWORD);
    const first = await pullAll(await connect(token));
    await accounts.updateUser(admin, agent.id, { teamIds: teams.map((t) => t.id as TeamId) });
    const again = await pullAll(await connect(token), first.cursor);
    expect(again.changes.length).toBeGreaterThan(0);
  });
});
