import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import type { Socket } from 'socket.io-client';
import {
  ConversationListQuery,
  ConversationListResponse,
  HealthResponse,
  LoginBody,
  API_PREFIX,
} from '#shared/contracts/http.ts';
import { clientEvents, SyncSnapshotPage, type ClientEventName } from '#shared/contracts/socket.ts';
import { AckError, ackSchema, HttpErrorBody, type ErrorCode } from '#shared/logic/ack.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import type { Database } from '../../src-hub/store/schema.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { pullAll } from './support/pull.ts';
import {
  acceptsArgs,
  corruptOne,
  edgeNumber,
  FUZZ_SEED,
  hugeString,
  jsonBytes,
  judgeMutation,
  junkPayload,
  nearId,
  nearValidMutation,
  POLLUTING_KEYS,
  SOCKET_BUDGET_BYTES,
  validMutatorArgs,
  wire,
  type Fixtures,
} from './support/fuzz-payloads.ts';
import { RawAgentSocket, rawHttp, type RawHttpResponse } from './support/fuzz-wire.ts';

/**
 * Acceptance: every socket event and REST body gets malformed and random payloads → typed errors,
 * no crash, no partial write. Properties run with a fixed seed (FUZZ_SEED overrides it); on a
 * failure fast-check prints the seed and path that replay the shrunk counterexample.
 */

const ACK_TIMEOUT_MS = 10_000;
const EVENT_NAMES = Object.keys(clientEvents) as ClientEventName[];
const EVENT_KEYS: Record<ClientEventName, readonly string[]> = {
  'sync:pull': ['cursor', 'limit'],
  mutate: ['id', 'name', 'args'],
  'conversation:fetch': ['conversationId'],
  'presence:set': ['status'],
  'presence:list': [],
  'conversation:view': ['conversationId', 'typing'],
  'sync:snapshot': ['page', 'windowDays'],
  'customer:history': ['customerId'],
  'viewing:list': [],
};
/** Names socket.io-client refuses to emit; the raw-wire property covers them. */
const CLIENT_RESERVED = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);
/** What a typed refusal of well-formed but wrong input may say; never internal or unavailable. */
const DOMAIN_REFUSALS: readonly ErrorCode[] = [
  'invalid_input',
  'not_found',
  'forbidden',
  'conflict',
];
const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  resync_required: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};
const BODY_LIMIT = 256 * 1024;

let hub: TestHub;
let socket: Socket;
let token: string;
let fx: Fixtures;
const disconnects: string[] = [];
/** Mutation ids whose envelope was valid but whose arguments were not: the ledger stores those. */
const rejectedLedgerIds = new Set<string>();
let before: Snapshot;

interface Snapshot {
  head: number;
  conversations: number;
  messages: number;
  conversationsHash: string;
  messagesHash: string;
  mutationIds: Set<string>;
}

async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const head = await headSeq(db);
  const { rows } = await sql<{
    conversations: string | number;
    messages: string | number;
    conversations_hash: string;
    messages_hash: string;
  }>`select
      (select count(*) from conversations) as conversations,
      (select count(*) from messages) as messages,
      (select md5(coalesce(string_agg(c::text, ',' order by c.id), '')) from conversations c)
        as conversations_hash,
      (select md5(coalesce(string_agg(m::text, ',' order by m.id), '')) from messages m)
        as messages_hash`.execute(db);
  const r = rows[0]!;
  const mutations = await db.selectFrom('mutations').select('id').execute();
  return {
    head,
    conversations: Number(r.conversations),
    messages: Number(r.messages),
    conversationsHash: r.conversations_hash,
    messagesHash: r.messages_hash,
    mutationIds: new Set(mutations.map((m) => m.id)),
  };
}

beforeAll(async () => {
  hub = await startTestHub();
  const login = await loginAs(hub, 'ada@demo.test');
  token = login.token;
  socket = await connectAgent(hub, token);
  socket.on('disconnect', (reason) => disconnects.push(reason));

  const db = hub.store.db;
  const myTeams = (
    await db
      .selectFrom('team_members')
      .select('team_id')
      .where('user_id', '=', login.user.id)
      .execute()
  ).map((m) => m.team_id);
  const conversations = await db
    .selectFrom('conversations')
    .select('id')
    .where('team_id', 'in', myTeams)
    .orderBy('id')
    .limit(50)
    .execute();
  const colleagues = await db
    .selectFrom('team_members')
    .select('user_id')
    .where('team_id', 'in', myTeams)
    .execute();
  const teams = await db.selectFrom('teams').select('id').execute();
  fx = {
    conversationIds: conversations.map((c) => c.id),
    userIds: [...new Set(colleagues.map((c) => c.user_id))],
    teamIds: teams.map((t) => t.id),
  };
  expect(fx.conversationIds.length).toBeGreaterThan(0);
  before = await snapshot(db);
});
afterAll(async () => {
  socket?.close();
  await hub?.stop();
});

function ask(event: string, args: readonly unknown[]): Promise<unknown> {
  return socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, ...args);
}

/** The first argument as the hub's handler sees it: `undefined` travels as null, no args as none. */
function firstOnWire(args: readonly unknown[]): unknown {
  return args.length === 0 ? undefined : (wire(args[0]) ?? null);
}

/**
 * The oracle for one socket exchange: an ack must be typed; invalid input must be refused with
 * invalid_input; only input the contract accepts may succeed, and its value must match the contract.
 */
function checkAck(event: unknown, first: unknown, raw: unknown) {
  if (typeof event !== 'string' || !Object.hasOwn(clientEvents, event)) {
    expect(AckError.parse(raw).code).toBe('invalid_input');
    return;
  }
  const name = event as ClientEventName;
  const ack = ackSchema(clientEvents[name].ack).parse(raw);
  if (!ack.ok) expect(ack.message.length).toBeGreaterThan(0);
  if (name === 'mutate') {
    const verdict = judgeMutation(first);
    if (verdict.kind === 'bad-args') rejectedLedgerIds.add(verdict.id);
    // The fuzz never sends an applicable mutation: it would be a write, not a refusal.
    expect(verdict.kind).not.toBe('valid');
  }
  if (!acceptsArgs(name, first)) {
    expect(ack).toMatchObject({ ok: false, code: 'invalid_input' });
  } else if (!ack.ok) {
    expect(DOMAIN_REFUSALS).toContain(ack.code);
  }
}

function expectStillConnected() {
  expect(disconnects).toEqual([]);
  expect(socket.connected).toBe(true);
}

const runs = (n: number) => ({
  numRuns: n,
  seed: FUZZ_SEED,
  // FUZZ_VERBOSE=1 lists every failing value fast-check met while shrinking.
  verbose: process.env.FUZZ_VERBOSE ? 2 : 0,
});

const withinSocketBudget = (args: readonly unknown[]) => jsonBytes(args) < SOCKET_BUDGET_BYTES;

describe('socket events under fuzz', () => {
  it('acks arbitrary payloads on every client event with a typed answer', async () => {
    const cases = fc
      .constantFrom(...EVENT_NAMES)
      .chain((event) =>
        fc.tuple(
          fc.constant(event),
          fc.array(junkPayload(EVENT_KEYS[event]), { maxLength: 3 }).filter(withinSocketBudget),
        ),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ([event, args]) => {
        checkAck(event, firstOnWire(args), await ask(event, args));
      }),
      runs(1000),
    );
    expectStillConnected();
  });

  it('refuses unknown event names with invalid_input, whatever they carry', async () => {
    const name = fc
      .oneof(
        fc.constantFrom(
          'error',
          'Sync:pull',
          'sync:pull ',
          'sync:pull\u0000',
          'MUTATE',
          'sync:poke',
          'conversation:fetch:all',
          'admin:drop-tables',
          ...POLLUTING_KEYS,
        ),
        fc.string({ maxLength: 80 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      )
      .filter((n) => !Object.hasOwn(clientEvents, n) && !CLIENT_RESERVED.has(n));
    const payload = fc.oneof(
      fc.constant([{ cursor: 0 }]),
      fc.array(junkPayload(['cursor']), { maxLength: 2 }).filter(withinSocketBudget),
    );
    await fc.assert(
      fc.asyncProperty(name, payload, async (event, args) => {
        checkAck(event, firstOnWire(args), await ask(event, args));
      }),
      runs(300),
    );
    expectStillConnected();
  });

  it('refuses near-valid sync:pull payloads with one field wrong', async () => {
    const valid = fc.record(
      { cursor: fc.nat(), limit: fc.integer({ min: 1, max: 1000 }) },
      { requiredKeys: ['cursor'] },
    );
    const cases = valid
      .chain((v) =>
        fc.oneof(
          corruptOne(v),
          edgeNumber.map((n) => ({ ...v, cursor: n })),
          edgeNumber.map((n) => ({ ...v, limit: n })),
          fc.constantFrom(0, 1001, 1e6, '10', 1.5).map((limit) => ({ ...v, limit })),
          fc.constantFrom('0', -1, 0.1, null, true, [0], '1e3').map((cursor) => ({ ...v, cursor })),
        ),
      )
      .filter((p) => !acceptsArgs('sync:pull', wire(p)) && withinSocketBudget([p]));
    await fc.assert(
      fc.asyncProperty(cases, async (payload) => {
        checkAck('sync:pull', wire(payload), await ask('sync:pull', [payload]));
      }),
      runs(300),
    );
    expectStillConnected();
  });

  it('refuses near-valid conversation:fetch payloads with one field wrong', async () => {
    const cases = fc
      .constantFrom(...fx.conversationIds)
      .chain((id) =>
        fc.oneof(
          corruptOne({ conversationId: id }),
          nearId.map((bad) => ({ conversationId: bad })),
          fc.constant({ conversationId: id.toUpperCase() }),
          fc.constant({ conversationId: [id] }),
          fc.constant({ conversationId: { $eq: id } }),
          fc.constant({ conversationId: `${id}%` }),
        ),
      )
      .filter((p) => !acceptsArgs('conversation:fetch', wire(p)) && withinSocketBudget([p]));
    await fc.assert(
      fc.asyncProperty(cases, async (payload) => {
        checkAck('conversation:fetch', wire(payload), await ask('conversation:fetch', [payload]));
      }),
      runs(300),
    );
    expectStillConnected();
  });

  it('refuses near-valid mutations (one envelope or argument field wrong) with invalid_input', async () => {
    // The generators must be near-valid: uncorrupted, every mutator's arguments pass its schema.
    const args = validMutatorArgs(fx);
    for (const name of Object.keys(args) as (keyof typeof args)[]) {
      fc.assert(
        fc.property(args[name], fc.uuid({ version: 7 }), (a, id) => {
          expect(judgeMutation(wire({ id, name, args: a })).kind).toBe('valid');
        }),
        runs(50),
      );
    }
    const cases = nearValidMutation(fx).filter((p) => withinSocketBudget([p]));
    await fc.assert(
      fc.asyncProperty(cases, async (payload) => {
        checkAck('mutate', wire(payload), await ask('mutate', [payload]));
      }),
      runs(600),
    );
    expect(rejectedLedgerIds.size).toBeGreaterThan(0);
    expectStillConnected();
  });

  it('handles raw JSON number tokens (1e309, -0, 1E2, 2^53+1) that no JS client can send', async () => {
    const raw = await RawAgentSocket.open(hub.url, token);
    try {
      const numberToken = fc.constantFrom(
        '1e309',
        '-1e309',
        '-0',
        '-0.0',
        '0.0',
        '1E2',
        '1e-400',
        '9007199254740993',
        '123456789012345678901234567890',
        '1.5',
        '-1',
        '"NaN"',
        '"Infinity"',
        '"-0"',
        'null',
        'true',
        '[]',
        '{}',
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"isAdmin":true}}}',
      );
      const cases = fc
        .tuple(
          numberToken,
          fc.constantFrom(...fx.conversationIds),
          fc.uuid({ version: 7 }),
          fc.integer({ min: 0, max: 4 }),
        )
        .map(([tok, conversationId, id, shape]): [ClientEventName, string] => {
          switch (shape) {
            case 0:
              return ['sync:pull', `{"cursor":${tok}}`];
            case 1:
              return ['sync:pull', `{"cursor":0,"limit":${tok}}`];
            case 2:
              return ['conversation:fetch', `{"conversationId":${tok}}`];
            case 3:
              return [
                'mutate',
                `{"id":"${id}","name":"conversation.set-priority","args":{"conversationId":"${conversationId}","priority":${tok}}}`,
              ];
            default:
              return [
                'mutate',
                `{"id":"${id}","name":"conversation.set-tags","args":{"conversationId":"${conversationId}","tags":[${tok}]}}`,
              ];
          }
        })
        // Some tokens make a valid tag ("NaN"): an applicable mutation is a write, not fuzz.
        .filter(
          ([event, argText]) => event !== 'mutate' || !acceptsArgs(event, JSON.parse(argText)),
        );
      await fc.assert(
        fc.asyncProperty(cases, async ([event, argText]) => {
          const ack = await raw.askRaw(`[${JSON.stringify(event)},${argText}]`);
          if (ack.kind !== 'ack') throw new Error(`connection closed: ${ack.reason}`);
          checkAck(event, JSON.parse(argText), ack.value);
        }),
        runs(200),
      );
      expect(raw.closed).toBe(false);
    } finally {
      raw.close();
    }
    expectStillConnected();
  });

  it('closes only the offending connection on frames that are not socket.io packets', async () => {
    const RESERVED = new Set([...CLIENT_RESERVED]);
    /** socket.io-parser's rule: a JSON array whose first element is a number or a free name. */
    const isEventPacket = (text: string) => {
      let p: unknown;
      try {
        p = JSON.parse(text);
      } catch {
        return false;
      }
      return (
        Array.isArray(p) &&
        p.length > 0 &&
        (typeof p[0] === 'number' || (typeof p[0] === 'string' && !RESERVED.has(p[0])))
      );
    };
    const text = fc
      .oneof(
        fc.constantFrom(
          '[',
          '[]',
          '{}',
          'null',
          '"sync:pull"',
          '["sync:pull"',
          '["sync:pull",{"cursor":0}]trailing',
          '["disconnect"]',
          '["connect",{}]',
          '["newListener","x"]',
          '[42,{"cursor":0}]',
          '[-1]',
          '[null,{}]',
          '[["sync:pull"],{}]',
          '[{"__proto__":1}]',
          '["sync:pull",{"cursor":0}]',
          '["mutate"]',
          `["sync:pull","${'x'.repeat(500_000)}"]`,
        ),
        fc.json({ maxDepth: 3 }),
        fc.string({ maxLength: 60 }),
        fc
          .tuple(fc.string({ maxLength: 30 }), junkPayload(['cursor']))
          .map(([event, p]) => JSON.stringify([event, p])),
      )
      // A leading digit would merge into the ack id; an empty payload has its own test below.
      .filter((t) => t !== '' && !/^\d/.test(t) && Buffer.byteLength(t) < SOCKET_BUDGET_BYTES);
    let raw = await RawAgentSocket.open(hub.url, token);
    try {
      await fc.assert(
        fc.asyncProperty(text, async (t) => {
          if (raw.closed) raw = await RawAgentSocket.open(hub.url, token);
          const ack = await raw.askRaw(t);
          if (isEventPacket(t)) {
            if (ack.kind !== 'ack')
              throw new Error(`valid packet, but connection closed: ${ack.reason}`);
            const [event, ...args] = JSON.parse(t) as [unknown, ...unknown[]];
            checkAck(event, args.length === 0 ? undefined : args[0], ack.value);
          } else {
            expect(ack.kind).toBe('closed');
          }
        }),
        runs(200),
      );
    } finally {
      raw.close();
    }
    expectStillConnected();
  });

  it('acks an event packet that carries no event name at all (`42/agent,1`)', async () => {
    // socket.io-parser accepts an EVENT packet without a payload; the hub then sees the ack
    // callback where the event name should be. The contract still says: always ack.
    const raw = await RawAgentSocket.open(hub.url, token);
    try {
      const ack = await raw.askRaw('', 5_000);
      if (ack.kind !== 'ack') throw new Error(`connection closed: ${ack.reason}`);
      expect(AckError.parse(ack.value).code).toBe('invalid_input');
    } finally {
      raw.close();
    }
    expectStillConnected();
  });

  it('drops a connection that sends more than 1 MB, and only that one', async () => {
    const big = await connectAgent(hub, token);
    const gone = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit('sync:pull', { cursor: 0, pad: 'x'.repeat(1_100_000) });
    const outcome = await Promise.race([
      gone,
      new Promise<string>((resolve) => setTimeout(() => resolve('still connected'), 10_000)),
    ]);
    big.close();
    expect(outcome).not.toBe('still connected');
    expectStillConnected();
  });

  it('keeps serving the same connection: a valid pull still works afterwards', async () => {
    expectStillConnected();
    const { changes, cursor } = await pullAll(socket);
    expect(changes.length).toBeGreaterThan(0);
    expect(cursor).toBe(await headSeq(hub.store.db));
  });
});

/** Asserts an HTTP response is a typed JSON error with a 4xx status that matches its code. */
function expectJsonError(res: RawHttpResponse, codes?: readonly ErrorCode[]) {
  if (res.status < 400 || res.status >= 500) {
    throw new Error(`expected a 4xx, got ${res.status}: ${res.text.slice(0, 300)}`);
  }
  const parsed = res.contentType.startsWith('application/json')
    ? HttpErrorBody.safeParse(JSON.parse(res.text))
    : null;
  if (!parsed?.success) {
    throw new Error(
      `not a typed error body: ${res.status} ${res.contentType} ${res.text.slice(0, 300)}`,
    );
  }
  const body = parsed.data;
  expect(res.status).toBe(HTTP_STATUS[body.error.code]);
  if (codes) expect(codes).toContain(body.error.code);
  return body.error;
}

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 80,
});

const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'APPLICATION/JSON',
    'application/vnd.api+json',
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=xyz',
    'application/xml',
    'application/octet-stream',
    '*/*',
    '',
  ),
  printable,
);

/** Bodies that are not a valid login by construction (checked against LoginBody on the wire). */
const junkBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''),
  fc
    .record({
      email: fc.oneof(fc.emailAddress(), fc.constant('ada@demo.test')),
      password: fc.string({ minLength: 1, maxLength: 40 }),
    })
    .chain((v) => corruptOne(v))
    .map((v) => JSON.stringify(v) ?? ''),
  fc.constantFrom(
    '',
    '{',
    '{"email":"ada@demo.test","password":"x",}',
    '{"email":"ada@demo.test","password":"x","__proto__":{"role":"admin"}}',
    '{"email":"ada@demo.test","password":"x","constructor":{"prototype":{"role":"admin"}}}',
    '{"email":"ada@demo.test","password":1e309}',
    '{"email":["ada@demo.test"],"password":"x"}',
    '{"email":"ada@demo.test\\u0000","password":"x"}',
    '{"email":" ADA@demo.test ","password":""}',
    `{"email":"ada@demo.test","password":"${'p'.repeat(1025)}"}`,
    'email=ada%40demo.test&password=x',
    '\uFEFF{"email":"ada@demo.test"}',
    'null',
    '[]',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
  hugeString.map((s) => JSON.stringify({ email: 'ada@demo.test', password: s })),
);

function isValidLogin(body: string | Buffer) {
  try {
    return LoginBody.safeParse(JSON.parse(body.toString())).success;
  } catch {
    return false;
  }
}

describe('REST under fuzz', () => {
  /** Printable ASCII, so the request line is valid HTTP/1.1 whatever the generator picks. */
  const ascii = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

  it('answers junk login bodies of every content type with a typed 4xx', async () => {
    const cases = fc.tuple(
      contentType,
      junkBody.filter((b) => !isValidLogin(b)),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ([type, body]) => {
        const res = await rawHttp(hub.url, {
          method: 'POST',
          path: `${API_PREFIX}/auth/login`,
          headers: type ? { 'content-type': type } : {},
          body,
        });
        const big = Buffer.byteLength(body) > BODY_LIMIT;
        expectJsonError(res, big ? ['invalid_input', 'payload_too_large'] : ['invalid_input']);
      }),
      runs(400),
    );
  });

  it('answers logout with bad credentials or a bad body with a typed 4xx', async () => {
    const authorization = fc.oneof(
      fc.constant(undefined),
      printable,
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((t) => `Bearer ${t}`),
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        `Bearer ${token.slice(0, -1)}`,
        `Bearer ${token}x`,
        `Bearer  ${token.slice(1)}`,
        `Basic ${Buffer.from('ada@demo.test:promptly-demo').toString('base64')}`,
        `Token ${token.slice(1)}`,
      ),
    );
    const cases = fc.tuple(authorization, fc.option(fc.tuple(contentType, junkBody)));
    await fc.assert(
      fc.asyncProperty(cases, async ([auth, withBody]) => {
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers.authorization = auth;
        if (withBody?.[0]) headers['content-type'] = withBody[0];
        const res = await rawHttp(hub.url, {
          method: 'POST',
          path: `${API_PREFIX}/auth/logout`,
          headers,
          ...(withBody ? { body: withBody[1] } : {}),
        });
        expectJsonError(res, ['unauthorized', 'invalid_input', 'payload_too_large']);
      }),
      runs(300),
    );
  });

  it('never revokes a valid session because of a logout body it could not parse', async () => {
    for (const [type, body] of [
      ['application/json', '{'],
      ['application/json', '{"__proto__":{"x":1}}'],
      ['application/xml', '<logout/>'],
    ] as const) {
      const res = await rawHttp(hub.url, {
        method: 'POST',
        path: `${API_PREFIX}/auth/logout`,
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
      expectJsonError(res, ['invalid_input']);
    }
    const me = await rawHttp(hub.url, {
      method: 'GET',
      path: `${API_PREFIX}/auth/me`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
  });

  const queryValue = fc.oneof(
    fc.string({ maxLength: 30 }).map(encodeURIComponent),
    fc.constantFrom(
      '',
      '0',
      '-1',
      '201',
      '1e2',
      '0x10',
      '1.5',
      'NaN',
      'Infinity',
      '%20',
      '9007199254740993',
      '%',
      '%zz',
      '%E0%A4%A',
      '%00',
      '%C0%AE',
      '1.0190f2b4-6a8e-7c1d-8000-000000000000',
      '9999999999999999.0190f2b4-6a8e-7c1d-8000-000000000000',
      '-1.0190f2b4-6a8e-7c1d-8000-000000000000',
    ),
    fc.tuple(fc.stringMatching(/^\d{1,16}$/), fc.uuid()).map(([d, u]) => `${d}.${u}`),
    edgeNumber.map(String),
  );
  const queryKey = fc.oneof(
    fc.constantFrom(
      'cursor',
      'limit',
      'Limit',
      'cursor[]',
      'limit[0]',
      'a[b]',
      '',
      ...POLLUTING_KEYS,
    ),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
  );
  const queryString = fc.oneof(
    fc
      .array(fc.tuple(queryKey, fc.option(queryValue)), { maxLength: 5 })
      .map((pairs) => pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&')),
    fc.webQueryParameters(),
    fc.string({ unit: ascii, maxLength: 60 }),
  );

  /** A GET may still carry a body and a content type; the hub must not care. */
  const optionalBody = fc.option(fc.tuple(contentType, junkBody), { freq: 3 });
  const withBody = (
    headers: Record<string, string>,
    body: [string, string | Buffer] | null,
  ): { headers: Record<string, string>; body?: string | Buffer } =>
    body === null
      ? { headers }
      : { headers: body[0] ? { ...headers, 'content-type': body[0] } : headers, body: body[1] };

  it('answers random conversation-list query strings with 200 or a typed 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, optionalBody, async (qs, body) => {
        const res = await rawHttp(hub.url, {
          method: 'GET',
          path: `${API_PREFIX}/conversations?${qs.replaceAll('#', '%23')}`,
          ...withBody({ authorization: `Bearer ${token}` }, body),
        });
        if (res.status === 200) {
          ConversationListResponse.parse(JSON.parse(res.text));
        } else {
          expectJsonError(res, ['invalid_input', 'payload_too_large']);
        }
      }),
      runs(400),
    );
  });

  it('answers list queries at the edges exactly as the contract says: 200 if it accepts, else a typed 400', async () => {
    const valid = fc.record(
      {
        // Any 1–15 digit activity time the contract's cursor pattern admits, edges included.
        cursor: fc
          .tuple(
            fc.oneof(
              fc.stringMatching(/^\d{1,15}$/),
              fc.integer({ min: 0, max: 999_999_999_999_999 }).map(String),
              fc.constantFrom('0', '000000000000000', '253402300799999', '999999999999999'),
            ),
            fc.uuid(),
          )
          .map(([d, u]) => `${d}.${u}`),
        limit: fc.oneof(
          fc.integer({ min: 1, max: 200 }).map(String),
          fc.constantFrom('1e2', '0x10', '200.0', '+5', ' 7 '),
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(valid, async (q) => {
        const qs = new URLSearchParams(q).toString();
        const res = await rawHttp(hub.url, {
          method: 'GET',
          path: `${API_PREFIX}/conversations?${qs}`,
          headers: { authorization: `Bearer ${token}` },
        });
        if (!ConversationListQuery.safeParse(q).success) {
          // e.g. a time past year 9999: the pattern admits it, the contract refuses it.
          expect(res.status, `?${qs}`).toBe(400);
          expect(HttpErrorBody.parse(JSON.parse(res.text)).error.code).toBe('invalid_input');
          return;
        }
        if (res.status !== 200) {
          throw new Error(`?${qs} → ${res.status}: ${res.text.slice(0, 300)}`);
        }
        ConversationListResponse.parse(JSON.parse(res.text));
      }),
      runs(200),
    );
  });

  /** Snapshot page tokens: well-formed ones with any numbers, near misses, and junk. */
  const pageToken = fc.oneof(
    fc
      .tuple(
        fc.stringMatching(/^\d{1,15}$/),
        fc.stringMatching(/^\d{1,15}$/),
        fc.option(fc.uuid(), { nil: '' }),
      )
      .map(([h, c, u]) => `${h}.${c}.${u}`),
    fc.constantFrom(
      '0.0.',
      '1.2.not-an-id',
      '..',
      '1.2',
      '1.2.3.4',
      '-1.0.',
      '9999999999999999.0.',
    ),
    fc.string({ maxLength: 90 }).map(encodeURIComponent),
  );

  it('answers random snapshot query strings with 200 or a typed 4xx, never a 5xx', async () => {
    const snapshotQuery = fc.oneof(
      queryString,
      fc
        .record(
          { page: pageToken, windowDays: fc.oneof(queryValue, fc.integer().map(String)) },
          { requiredKeys: [] },
        )
        .map((q) =>
          Object.entries(q)
            .map(([k, v]) => `${k}=${v}`)
            .join('&'),
        ),
    );
    await fc.assert(
      fc.asyncProperty(snapshotQuery, optionalBody, fc.boolean(), async (qs, body, authed) => {
        const res = await rawHttp(hub.url, {
          method: 'GET',
          path: `${API_PREFIX}/sync/snapshot?${qs.replaceAll('#', '%23')}`,
          ...withBody(authed ? { authorization: `Bearer ${token}` } : {}, body),
        });
        if (res.status === 200) {
          expect(authed).toBe(true);
          SyncSnapshotPage.parse(JSON.parse(res.text));
        } else {
          expectJsonError(res, ['invalid_input', 'unauthorized', 'payload_too_large']);
        }
      }),
      runs(300),
    );
  });

  /** Path segments with well-formed percent-encoding and within Fastify's 100-char param limit. */
  const segment = fc
    .oneof(
      fc.string({ maxLength: 30, unit: 'grapheme' }).map(encodeURIComponent),
      fc
        .string({ maxLength: 60, unit: ascii })
        .map((s) => s.replaceAll('%', '%25').replaceAll(/[?#/]/g, '_')),
      fc.uuid(),
      fc.uuid({ version: 7 }).map((u) => u.toUpperCase()),
      fc.uuid({ version: 7 }).map((u) => `${u}%00`),
      fc.uuid({ version: 7 }).map((u) => `${u}%0A`),
      fc.integer({ min: 37, max: 100 }).map((n) => 'a'.repeat(n)),
      fc.constantFrom(
        '..',
        '.',
        '..%2f..%2fetc%2fpasswd',
        '%2e%2e',
        '%2e%2e%2f%2e%2e%2fhealthz',
        '..%252f..%252f',
        '....',
        '%00',
        '%F0%9F%98%80',
        'null',
        'undefined',
        '__proto__',
        'constructor',
        '$%7Bjndi:ldap:%2F%2Fx%7D',
        "'%20or%201=1--",
      ),
    )
    .filter((seg) => seg.length <= 100);

  it('answers random, encoded, traversal and unicode conversation ids with a typed 4xx', async () => {
    const cases = fc.tuple(segment, fc.boolean(), fc.option(queryString), optionalBody);
    await fc.assert(
      fc.asyncProperty(cases, async ([seg, authed, qs, body]) => {
        const query = qs === null ? '' : `?${qs.replaceAll('#', '%23')}`;
        const res = await rawHttp(hub.url, {
          method: 'GET',
          path: `${API_PREFIX}/conversations/${seg}${query}`,
          ...withBody(authed ? { authorization: `Bearer ${token}` } : {}, body),
        });
        expectJsonError(res, ['invalid_input', 'not_found', 'unauthorized', 'payload_too_large']);
      }),
      runs(400),
    );
  });

  // Malformed percent-encoding never reaches a route: Fastify's router refuses it (FST_ERR_BAD_URL).
  it.each([
    ['a lone percent sign', '%'],
    ['a non-hex escape', '%zz'],
    ['a truncated UTF-8 sequence', '%E0%A4%A'],
    ['an overlong UTF-8 encoding of "."', '%c0%ae%c0%ae'],
    ['bytes that are not UTF-8', '%ff%fe'],
    ['a lone surrogate', '%ED%A0%80'],
  ])('answers a conversation id with %s with a typed 400', async (_label, seg) => {
    for (const authed of [false, true]) {
      const res = await rawHttp(hub.url, {
        method: 'GET',
        path: `${API_PREFIX}/conversations/${seg}`,
        headers: authed ? { authorization: `Bearer ${token}` } : {},
      });
      expectJsonError(res, ['invalid_input', 'not_found']);
    }
  });

  // Past maxParamLength (100) the router answers before any route or error handler runs.
  it.each([101, 1_000, 8_000])(
    'answers a %i-character conversation id with a typed 4xx',
    async (n) => {
      const res = await rawHttp(hub.url, {
        method: 'GET',
        path: `${API_PREFIX}/conversations/${'a'.repeat(n)}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expectJsonError(res, ['invalid_input', 'not_found']);
    },
  );

  // Raw bytes above 0x7e are not valid in an HTTP/1.1 request line, so Node's parser refuses the
  // request before Fastify routes it. The hub must still answer 400 with JSON and stay up; the
  // body comes from Fastify's clientError handler, not from the hub's error format.
  it.each([
    ['path', `${API_PREFIX}/conversations/\u00e9\u00ff`],
    ['query', `${API_PREFIX}/conversations?cursor=\u00e9`],
    ['login path', `${API_PREFIX}/auth/login\u0080`],
  ])('refuses raw non-ASCII bytes in the %s with a 400 and stays up', async (_label, path) => {
    const res = await rawHttp(hub.url, {
      method: 'GET',
      path,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/json/);
    const health = await rawHttp(hub.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
  });

  it('still reports healthy after all of that', async () => {
    const res = await rawHttp(hub.url, { method: 'GET', path: '/healthz' });
    expect(res.status).toBe(200);
    HealthResponse.parse(JSON.parse(res.text));
  });
});

describe('no partial write', () => {
  it('left the change log, conversations and messages untouched, and ledgered only refusals', async () => {
    const after = await snapshot(hub.store.db);
    expect(after.head).toBe(before.head);
    expect(after.conversations).toBe(before.conversations);
    expect(after.messages).toBe(before.messages);
    expect(after.conversationsHash).toBe(before.conversationsHash);
    expect(after.messagesHash).toBe(before.messagesHash);

    // The mutation ledger records a final refusal per id whose envelope was well-formed, so a
    // replay gets the same answer. Those rows, and only those, may be new, and each is a refusal.
    const added = await hub.store.db
      .selectFrom('mutations')
      .select(['id', 'result'])
      .where('id', 'not in', [...before.mutationIds, ''])
      .execute();
    expect(new Set(added.map((m) => m.id))).toEqual(rejectedLedgerIds);
    for (const row of added) {
      const result: unknown = typeof row.result === 'string' ? JSON.parse(row.result) : row.result;
      expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    }
  });
});
