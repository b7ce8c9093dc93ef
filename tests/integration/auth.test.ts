import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpErrorBody } from '#shared/logic/ack.ts';
import { loginAs, startTestHub, type TestHub } from './support/hub.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('hub health', () => {
  it('reports ready with the storage engine once the database is up', async () => {
    const res = await fetch(`${hub.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; engine: string };
    expect(body.ok).toBe(true);
    expect(body.engine).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('POST /api/v1/auth/login', () => {
  it('returns an opaque token and the user for a correct password', async () => {
    const { token, user } = await loginAs(hub, 'ada@demo.test');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(user).toMatchObject({ name: 'Ada Lovelace', role: 'agent' });
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const { user } = await loginAs(hub, '  LIN@Demo.Test ');
    expect(user.role).toBe('lead');
  });

  it('stores only a hash of the token', async () => {
    const { token } = await loginAs(hub, 'sam@demo.test');
    const rows = await hub.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('answers a wrong password with 401 and a JSON error', async () => {
    const res = await post('/api/v1/auth/login', {
      email: 'root@demo.test',
      password: 'wrong-password',
    });
    expect(res.status).toBe(401);
    const body = HttpErrorBody.parse(await res.json());
    expect(body.error.code).toBe('unauthorized');
  });

  it('gives an unknown email exactly the same answer as a wrong password', async () => {
    const res = await post('/api/v1/auth/login', {
      email: 'nobody@demo.test',
      password: 'whatever',
    });
    expect(res.status).toBe(401);
    expect(HttpErrorBody.parse(await res.json()).error.message).toBe(
      'Email or password is incorrect.',
    );
  });

  it('throttles repeated failures on one account with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await post('/api/v1/auth/login', {
        email: 'throttle@demo.test',
        password: `guess-${i}`,
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(HttpErrorBody.parse(await res.json()).error.code).toBe('rate_limited');
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it.each([
    ['not JSON', '{"email":'],
    ['missing password', { email: 'ada@demo.test' }],
    ['not an email', { email: 'ada', password: 'x' }],
    ['extra keys', { email: 'ada@demo.test', password: 'x', role: 'admin' }],
    ['wrong types', { email: 42, password: ['x'] }],
    ['oversized password', { email: 'ada@demo.test', password: 'x'.repeat(5000) }],
  ])('rejects %s with a 400 JSON error', async (_label, body) => {
    const res = await post('/api/v1/auth/login', body);
    expect(res.status).toBe(400);
    expect(HttpErrorBody.parse(await res.json()).error.code).toBe('invalid_input');
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await post('/api/v1/auth/login', {
      email: 'ada@demo.test',
      password: 'x'.repeat(300_000),
    });
    expect(res.status).toBe(413);
    expect(HttpErrorBody.parse(await res.json()).error.code).toBe('payload_too_large');
  });
});

describe('sessions', () => {
  it('logout revokes the token for REST and sockets alike', async () => {
    const { token } = await loginAs(hub, 'ada@demo.test');
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${hub.url}/api/v1/conversations`, { headers: auth })).status).toBe(200);
    expect((await post('/api/v1/auth/logout', {}, auth)).status).toBe(204);
    const after = await fetch(`${hub.url}/api/v1/conversations`, { headers: auth });
    expect(after.status).toBe(401);
    expect(HttpErrorBody.parse(await after.json()).error.code).toBe('unauthorized');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await fetch(`${hub.url}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(HttpErrorBody.parse(await res.json()).error.code).toBe('not_found');
  });
});
