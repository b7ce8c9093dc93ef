import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { HttpErrorBody } from '#shared/logic/ack.ts';
import {
  AdminTeamList,
  AdminTeamResponse,
  AdminUserList,
  AdminUserResponse,
} from '#shared/contracts/admin.ts';
import type { Agent, Team } from '#shared/domain/user.ts';
import { createHttpApp } from '../../src-hub/http/app.ts';
import { createLoginService } from '../../src-hub/auth/login.ts';
import { createSessionService } from '../../src-hub/auth/sessions.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { newId } from './support/mutate.ts';
import { byEntity, pullAll } from './support/pull.ts';

/**
 * The admin API for users and teams. Until the hub passes its writer to the HTTP app, the same
 * app (app.ts, with the admin routes) is served beside the test hub on the same database and
 * the same socket server; once the hub serves it itself, the tests use the hub directly.
 */

let hub: TestHub;
let api: string;
let closeApi = async () => {};
const sockets: Socket[] = [];
let rootToken: string;
let rootId: string;
let agentToken: string;
let leadToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  const probe = await fetch(`${hub.url}/api/v1/admin/users`);
  if (probe.status === 404) {
    const sessions = createSessionService({ db: hub.store.db });
    const app = await createHttpApp({
      store: hub.store,
      sessions,
      login: createLoginService({ db: hub.store.db, sessions }),
      version: 'test',
      rendererDir: null,
      corsOrigins: [],
      logger: false,
      disconnectUser: (id) => hub.realtime.disconnectUser(id),
      write: hub.write,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('admin app has no port');
    api = `http://127.0.0.1:${address.port}`;
    closeApi = () => app.close();
  } else {
    api = hub.url;
  }
  const root = await loginAs(hub, 'root@demo.test');
  rootToken = root.token;
  rootId = root.user.id;
  agentToken = (await loginAs(hub, 'ada@demo.test')).token;
  leadToken = (await loginAs(hub, 'lin@demo.test')).token;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await closeApi();
  await hub?.stop();
});

function call(method: string, path: string, token: string | null, body?: unknown) {
  return fetch(`${api}/api/v1/admin${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}
const asRoot = (method: string, path: string, body?: unknown) =>
  call(method, path, rootToken, body);

async function errorCode(res: Response) {
  return HttpErrorBody.parse(await res.json()).error.code;
}

const PASSWORD = 'a-sturdy-passphrase';
let n = 0;
const uniqueEmail = () => `admin-${++n}-${Date.now()}@example.test`;

async function createUser(body: Record<string, unknown> = {}) {
  const res = await asRoot('POST', '/users', {
    email: uniqueEmail(),
    name: `Person ${n}`,
    role: 'agent',
    password: PASSWORD,
    ...body,
  });
  expect(res.status).toBe(201);
  return AdminUserResponse.parse(await res.json()).user;
}

async function createTeam(name = `Team ${++n} ${Date.now()}`) {
  const res = await asRoot('POST', '/teams', { name });
  expect(res.status).toBe(201);
  return AdminTeamResponse.parse(await res.json()).team;
}

async function lastAudit(entityId: string) {
  const row = await hub.store.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const detail = (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as unknown;
  return { ...row, detail };
}

async function auditCount(entityId: string) {
  const rows = await hub.store.db
    .selectFrom('audit_log')
    .select('id')
    .where('entity_id', '=', entityId)
    .execute();
  return rows.length;
}

const someUuid = '01900000-0000-7000-8000-000000000000';
const endpoints: [string, string, unknown?][] = [
  ['GET', '/users'],
  ['POST', '/users', { email: 'x@example.test', name: 'X', role: 'agent', password: PASSWORD }],
  ['GET', `/users/${someUuid}`],
  ['PATCH', `/users/${someUuid}`, { name: 'X' }],
  ['GET', '/teams'],
  ['POST', '/teams', { name: 'Sneaky' }],
  ['PATCH', `/teams/${someUuid}`, { name: 'Sneaky' }],
];

describe('admin API access', () => {
  it.each(endpoints)('%s %s needs a session (401)', async (method, path, body) => {
    const res = await call(method, path, null, body);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe('unauthorized');
  });

  it.each(endpoints)('%s %s is forbidden to agents and leads (403)', async (method, path, body) => {
    for (const token of [agentToken, leadToken]) {
      const res = await call(method, path, token, body);
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('forbidden');
    }
    const teams = await hub.store.db.selectFrom('teams').select('name').execute();
    expect(teams.map((t) => t.name)).not.toContain('Sneaky');
  });
});

describe('users', () => {
  it('lists every user with role, teams and status, and never a password hash', async () => {
    const res = await asRoot('GET', '/users');
    expect(res.status).toBe(200);
    const raw = await res.text();
    expect(raw).not.toMatch(/argon2|password/i);
    const { users } = AdminUserList.parse(JSON.parse(raw));
    const lin = users.find((u) => u.email === 'lin@demo.test');
    expect(lin).toMatchObject({ role: 'lead', active: true });
    expect(lin?.teamIds).toHaveLength(2);
    expect(users.find((u) => u.email === 'root@demo.test')?.role).toBe('admin');
  });

  it('creates a user who can sign in, in the given teams, and audits it', async () => {
    const team = await createTeam();
    const email = uniqueEmail();
    const res = await asRoot('POST', '/users', {
      email: `  ${email.toUpperCase()} `,
      name: '  Nia Newcomer ',
      role: 'lead',
      password: PASSWORD,
      teamIds: [team.id, team.id],
    });
    expect(res.status).toBe(201);
    const { user } = AdminUserResponse.parse(await res.json());
    expect(user).toMatchObject({ email, name: 'Nia Newcomer', role: 'lead', active: true });
    expect(user.teamIds).toEqual([team.id]);

    const session = await loginAs(hub, email, PASSWORD);
    expect(session.user).toMatchObject({ id: user.id, role: 'lead' });
    const me = await fetch(`${hub.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(((await me.json()) as { teamIds: string[] }).teamIds).toEqual([team.id]);

    expect(await lastAudit(user.id)).toMatchObject({
      actor_id: rootId,
      action: 'user.change',
      entity: 'user',
      detail: { op: 'create', via: 'api', email, role: 'lead', teamIds: [team.id] },
    });
    expect(JSON.stringify(await lastAudit(user.id))).not.toContain(PASSWORD);
  });

  it('refuses a second user with the same email, whatever its case (409)', async () => {
    const user = await createUser();
    const before = await hub.store.db.selectFrom('users').select('id').execute();
    const res = await asRoot('POST', '/users', {
      email: user.email.toUpperCase(),
      name: 'Copy',
      role: 'agent',
      password: PASSWORD,
    });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('conflict');
    const after = await hub.store.db.selectFrom('users').select('id').execute();
    expect(after).toHaveLength(before.length);
  });

  it.each([
    ['not JSON', '{"email":'],
    ['a missing password', { email: 'a@example.test', name: 'A', role: 'agent' }],
    ['a short password', { email: 'a@example.test', name: 'A', role: 'agent', password: 'short' }],
    ['an unknown role', { email: 'a@example.test', name: 'A', role: 'owner', password: PASSWORD }],
    ['a blank name', { email: 'a@example.test', name: '   ', role: 'agent', password: PASSWORD }],
    [
      'an oversized name',
      { email: 'a@example.test', name: 'n'.repeat(201), role: 'agent', password: PASSWORD },
    ],
    ['not an email', { email: 'nope', name: 'A', role: 'agent', password: PASSWORD }],
    [
      'a malformed team id',
      { email: 'a@example.test', name: 'A', role: 'agent', password: PASSWORD, teamIds: ['x'] },
    ],
    [
      'an unknown team',
      { email: 'a@example.test', name: 'A', role: 'agent', password: PASSWORD, teamIds: [newId()] },
    ],
    [
      'extra keys',
      { email: 'a@example.test', name: 'A', role: 'agent', password: PASSWORD, active: false },
    ],
  ])('rejects a new user with %s (400)', async (_label, body) => {
    const res = await asRoot('POST', '/users', body);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_input');
    const users = await hub.store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'a@example.test')
      .execute();
    expect(users).toEqual([]);
  });

  it('updates name, role and teams, and audits what changed', async () => {
    const [t1, t2] = [await createTeam(), await createTeam()];
    const user = await createUser({ teamIds: [t1.id] });
    const res = await asRoot('PATCH', `/users/${user.id}`, {
      name: 'Renamed Person',
      role: 'lead',
      teamIds: [t2.id],
    });
    expect(res.status).toBe(200);
    const { user: after } = AdminUserResponse.parse(await res.json());
    expect(after).toMatchObject({ name: 'Renamed Person', role: 'lead', teamIds: [t2.id] });
    expect((await asRoot('GET', `/users/${user.id}`)).status).toBe(200);
    expect(await lastAudit(user.id)).toMatchObject({
      actor_id: rootId,
      detail: {
        op: 'update',
        changes: {
          name: { from: user.name, to: 'Renamed Person' },
          role: { from: 'agent', to: 'lead' },
          teamIds: { added: [t2.id], removed: [t1.id] },
        },
      },
    });
  });

  it('writes nothing for an update that changes nothing', async () => {
    const user = await createUser();
    const audits = await auditCount(user.id);
    const res = await asRoot('PATCH', `/users/${user.id}`, { name: user.name, role: 'agent' });
    expect(res.status).toBe(200);
    expect(await auditCount(user.id)).toBe(audits);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown key', { email: 'new@example.test' }],
    ['a short password', { password: 'short' }],
    ['a non-boolean active', { active: 'no' }],
    ['an unknown team', { teamIds: [someUuid] }],
  ])('rejects an update with %s (400)', async (_label, body) => {
    const user = await createUser();
    const res = await asRoot('PATCH', `/users/${user.id}`, body);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_input');
  });

  it('answers 400 for a malformed id and 404 for an unknown one', async () => {
    expect((await asRoot('PATCH', '/users/not-an-id', { name: 'X' })).status).toBe(400);
    const res = await asRoot('PATCH', `/users/${someUuid}`, { name: 'X' });
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('not_found');
  });

  it('never lets the last active admin be demoted or deactivated (409)', async () => {
    for (const body of [{ role: 'lead' }, { active: false }]) {
      const res = await asRoot('PATCH', `/users/${rootId}`, body);
      expect(res.status).toBe(409);
      expect(await errorCode(res)).toBe('conflict');
    }
    const second = await createUser({ role: 'admin' });
    const res = await asRoot('PATCH', `/users/${second.id}`, { role: 'agent' });
    expect(res.status).toBe(200);
  });

  it('deactivating ends sessions, the live socket and sign-in with the wrong-password answer', async () => {
    const user = await createUser();
    const { token } = await loginAs(hub, user.email, PASSWORD);
    const socket = await connectAgent(hub, token);
    sockets.push(socket);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const res = await asRoot('PATCH', `/users/${user.id}`, { active: false });
    expect(res.status).toBe(200);
    expect(AdminUserResponse.parse(await res.json()).user.active).toBe(false);

    expect(await gone).toBe('io server disconnect');
    const rest = await fetch(`${hub.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(rest.status).toBe(401);
    const refused = await connectAgent(hub, token).then(
      () => null,
      (e: Error) => e,
    );
    expect(refused?.message).toBe('unauthorized');
    const login = await fetch(`${hub.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: PASSWORD }),
    });
    expect(login.status).toBe(401);
    expect(HttpErrorBody.parse(await login.json()).error.message).toBe(
      'Email or password is incorrect.',
    );
    expect(await lastAudit(user.id)).toMatchObject({
      detail: { op: 'deactivate', sessionsEnded: 1 },
    });
  });

  it('a password set by an admin ends every session of that user', async () => {
    const user = await createUser();
    const { token } = await loginAs(hub, user.email, PASSWORD);
    const res = await asRoot('PATCH', `/users/${user.id}`, { password: 'set-by-the-admin' });
    expect(res.status).toBe(200);
    const me = await fetch(`${hub.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(401);
    await expect(loginAs(hub, user.email, 'set-by-the-admin')).resolves.toBeTruthy();
    const audit = await lastAudit(user.id);
    expect(audit).toMatchObject({ detail: { changes: { password: 'set' }, sessionsEnded: 1 } });
    expect(JSON.stringify(audit)).not.toContain('set-by-the-admin');
  });
});

describe('teams', () => {
  it('creates, lists and renames teams, and audits each change', async () => {
    const team = await createTeam('Escalations');
    expect(team).toMatchObject({ name: 'Escalations', memberCount: 0 });
    expect(await lastAudit(team.id)).toMatchObject({
      actor_id: rootId,
      action: 'user.change',
      entity: 'team',
      detail: { op: 'create', name: 'Escalations' },
    });

    const renamed = await asRoot('PATCH', `/teams/${team.id}`, { name: 'Tier 2' });
    expect(renamed.status).toBe(200);
    expect(AdminTeamResponse.parse(await renamed.json()).team.name).toBe('Tier 2');
    expect(await lastAudit(team.id)).toMatchObject({
      detail: { op: 'rename', name: { from: 'Escalations', to: 'Tier 2' } },
    });

    const list = AdminTeamList.parse(await (await asRoot('GET', '/teams')).json());
    expect(list.teams.find((t) => t.id === team.id)?.name).toBe('Tier 2');
    expect(list.teams.find((t) => t.name === 'Support')?.memberCount).toBeGreaterThan(0);
  });

  it('keeps team names unique ignoring case (409)', async () => {
    const res = await asRoot('POST', '/teams', { name: 'support' });
    expect(res.status).toBe(409);
    expect(await errorCode(res)).toBe('conflict');
    const other = await createTeam();
    const rename = await asRoot('PATCH', `/teams/${other.id}`, { name: 'SUPPORT' });
    expect(rename.status).toBe(409);
  });

  it.each([
    ['a blank name', { name: '  ' }],
    ['an oversized name', { name: 't'.repeat(201) }],
    ['extra keys', { name: 'Fine', id: someUuid }],
    ['no name', {}],
  ])('rejects a team with %s (400)', async (_label, body) => {
    const res = await asRoot('POST', '/teams', body);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('invalid_input');
  });

  it('answers 404 when renaming an unknown team', async () => {
    const res = await asRoot('PATCH', `/teams/${someUuid}`, { name: 'Ghost' });
    expect(res.status).toBe(404);
  });
});

describe('directory sync', () => {
  it("agents' desktops receive new and changed users and teams through sync:pull", async () => {
    const ada = await connectAgent(hub, agentToken);
    sockets.push(ada);
    const { cursor } = await pullAll(ada);
    const poked = new Promise((resolve) => ada.once('sync:poke', resolve));

    const team = await createTeam('Night Shift');
    await poked;
    const user = await createUser({ teamIds: [team.id] });
    await asRoot('PATCH', `/teams/${team.id}`, { name: 'Night Owls' });
    await asRoot('PATCH', `/users/${user.id}`, { role: 'lead' });

    const { changes } = await pullAll(ada, cursor);
    const agents = (byEntity(changes, 'agent') as Agent[]).filter((a) => a.id === user.id);
    expect(agents.map((a) => a.role)).toEqual(['agent', 'lead']);
    expect(agents.at(-1)).toEqual({
      id: user.id,
      name: user.name,
      email: user.email,
      role: 'lead',
      teamIds: [team.id],
      active: true,
    });
    const teams = (byEntity(changes, 'team') as Team[]).filter((t) => t.id === team.id);
    expect(teams.map((t) => t.name)).toEqual(['Night Shift', 'Night Owls']);
  });
});
