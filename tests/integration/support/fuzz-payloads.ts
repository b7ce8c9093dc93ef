import fc from 'fast-check';
import { Channel, ConversationStatus, Priority } from '#shared/domain/conversation.ts';
import { AssigneeFilter, InboxSort, SlaState } from '#shared/domain/view.ts';
import { LIMITS } from '#shared/domain/limits.ts';
import {
  MUTATOR_NAMES,
  MutationEnvelope,
  mutatorArgs,
  type MutatorName,
} from '#shared/mutators/definitions.ts';
import { clientEvents, type ClientEventName } from '#shared/contracts/socket.ts';

/**
 * Arbitraries for fuzzing the hub's inputs, and the oracle that says what the hub must answer.
 * Everything here is deterministic given fast-check's seed, so a failure replays exactly.
 */

/** Every property in the fuzz suite runs with this seed unless FUZZ_SEED overrides it. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);

/** Payloads stay under socket.io's 1 MB maxHttpBufferSize once framed. */
export const SOCKET_BUDGET_BYTES = 950_000;

/** Own keys that would poison a naive merge or lookup table. */
export const POLLUTING_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isAdmin',
] as const;

/**
 * An object with `key` as an OWN property, the way JSON.parse (and so the socket.io and HTTP
 * parsers) builds it: `{['__proto__']: x}` would be fine too, but `o.__proto__ = x` would not.
 */
export function withOwnKey(base: object, key: string, value: unknown): Record<string, unknown> {
  const parts = Object.entries(base).map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`);
  parts.push(`${JSON.stringify(key)}:${json(value)}`);
  return JSON.parse(`{${parts.join(',')}}`) as Record<string, unknown>;
}

function json(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

/** What a value looks like after the socket.io-client JSON encoder and the hub's JSON.parse. */
export function wire(value: unknown): unknown {
  const text = JSON.stringify(value, (_k, v: unknown) =>
    v instanceof Uint8Array ? { binary: v.length } : v,
  );
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Numbers at the edges; NaN and ±Infinity travel as null over JSON, -0 as 0. */
export const edgeNumber = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  -1,
  0.5,
  -0.5,
  1e-7,
  2 ** 31,
  2 ** 32 + 1,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
);

/**
 * A long string with a repeated unit: large, cheap to generate, and at most ~300 KB once
 * JSON-encoded (escapes included), so even three of them stay under the socket limit.
 */
export const hugeString = fc
  .tuple(
    fc.constantFrom('a', '\u0000', '"', '\\', 'é', '\u{1F600}', '\uD800', '%', '<script>', ' '),
    fc.integer({ min: 1_000, max: 300_000 }),
  )
  .map(([unit, bytes]) => unit.repeat(Math.max(1, Math.floor(bytes / jsonBytes(unit)))));

/** Deeply nested arrays or objects, the shape that breaks recursive walkers. */
export const deepValue = fc
  .tuple(fc.integer({ min: 50, max: 2_000 }), fc.boolean())
  .map(([depth, asObject]) => {
    let v: unknown = asObject ? { leaf: true } : [0];
    for (let i = 0; i < depth; i++) v = asObject ? { a: v } : [v];
    return v;
  });

/** Strings that look like ids but are not quite: wrong case, version, padding, injection. */
export const nearId = fc.oneof(
  fc.uuid({ version: 7 }).map((u) => u.toUpperCase()),
  fc.uuid({ version: 7 }).map((u) => ` ${u}`),
  fc.uuid({ version: 7 }).map((u) => `${u}\n`),
  fc.uuid({ version: 7 }).map((u) => `{${u}}`),
  fc.uuid({ version: 7 }).map((u) => u.replaceAll('-', '')),
  fc.uuid({ version: 7 }).map((u) => `${u}' or '1'='1`),
  fc.uuid({ version: 7 }).map((u) => u.slice(0, 35)),
  fc.constantFrom('', '0', 'null', 'undefined', '../../etc/passwd', '%00', '\u0000'),
);

/** A value of the wrong shape for almost any field. */
export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.anything({ maxDepth: 3, withNullPrototype: true }), weight: 6 },
  { arbitrary: edgeNumber, weight: 3 },
  { arbitrary: nearId, weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 64 }), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepValue, weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...POLLUTING_KEYS), fc.anything({ maxDepth: 1 }))
      .map(([k, v]) => withOwnKey({}, k, v)),
    weight: 2,
  },
);

/**
 * Arbitrary payloads for a socket event: anything at all, a polluted object, huge strings, deep
 * nesting, binary, and objects that carry the event's real keys with junk values.
 */
export function junkPayload(realKeys: readonly string[]): fc.Arbitrary<unknown> {
  const keys = realKeys.length ? realKeys : ['x'];
  return fc.oneof(
    { arbitrary: fc.anything({ withNullPrototype: true, withSparseArray: true }), weight: 6 },
    { arbitrary: nasty, weight: 4 },
    { arbitrary: fc.uint8Array({ maxLength: 2048 }), weight: 1 },
    {
      arbitrary: fc.dictionary(
        fc.oneof(fc.constantFrom(...keys), fc.constantFrom(...POLLUTING_KEYS), fc.string()),
        nasty,
        { maxKeys: 4 },
      ),
      weight: 4,
    },
    {
      arbitrary: fc
        .tuple(fc.constantFrom(...POLLUTING_KEYS), nasty, fc.constantFrom(...keys), nasty)
        .map(([pk, pv, k, v]) => withOwnKey({ [k]: v }, pk, pv)),
      weight: 2,
    },
  );
}

/** Replaces, drops or adds one field of a valid object, or swaps the whole thing for junk. */
export function corruptOne(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const arbs: fc.Arbitrary<unknown>[] = [
    fc
      .tuple(fc.oneof(fc.constantFrom(...POLLUTING_KEYS), fc.string({ maxLength: 12 })), nasty)
      .map(([k, v]) => withOwnKey(valid, k, v)),
    nasty,
    fc.constant([valid]),
  ];
  if (keys.length) {
    arbs.push(
      fc.constantFrom(...keys).map((k) => {
        const { [k]: _dropped, ...rest } = valid;
        return rest;
      }),
      fc.tuple(fc.constantFrom(...keys), nasty).map(([k, v]) => ({ ...valid, [k]: v })),
    );
  }
  return fc.oneof(...arbs);
}

export interface Fixtures {
  conversationIds: readonly string[];
  userIds: readonly string[];
  teamIds: readonly string[];
}

/** Arguments each mutator accepts, built from real ids so only the corruption can make them fail. */
export function validMutatorArgs(fx: Fixtures): { [N in MutatorName]: fc.Arbitrary<object> } {
  const conversationId = fc.constantFrom(...fx.conversationIds);
  const userId = fc.constantFrom(...fx.userIds);
  const text = fc
    .string({ minLength: 1, maxLength: 120, unit: 'grapheme' })
    .filter((s) => s.trim().length > 0 && s.trim().length <= LIMITS.text);
  const tag = fc.stringMatching(/^[a-z0-9_.-]{1,24}$/);
  const shortText = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);
  return {
    'conversation.reply': fc.record({
      conversationId,
      messageId: fc.uuid({ version: 7 }),
      text,
    }),
    'conversation.note': fc.record({
      conversationId,
      messageId: fc.uuid({ version: 7 }),
      text,
      mentions: fc.array(userId, { maxLength: 3 }),
    }),
    'conversation.reply.v2': fc.record(
      {
        conversationId,
        messageId: fc.uuid({ version: 7 }),
        text,
        channel: fc.constantFrom('chat', 'email', 'sms', 'whatsapp', 'phone', 'api'),
      },
      { requiredKeys: ['conversationId', 'messageId', 'text'] },
    ),
    'conversation.handoff': fc.record(
      {
        conversationId,
        assigneeId: fc.option(userId, { nil: null }),
        teamId: fc.constantFrom(...fx.teamIds),
        noteId: fc.uuid({ version: 7 }),
        note: text,
      },
      { requiredKeys: ['conversationId', 'assigneeId', 'noteId', 'note'] },
    ),
    'conversation.assign': fc.record(
      {
        conversationId,
        assigneeId: fc.option(userId, { nil: null }),
        teamId: fc.constantFrom(...fx.teamIds),
      },
      { requiredKeys: ['conversationId', 'assigneeId'] },
    ),
    'conversation.set-status': fc.record({
      conversationId,
      status: fc.constantFrom('open', 'pending', 'resolved'),
    }),
    'conversation.set-priority': fc.record({
      conversationId,
      priority: fc.constantFrom(...Priority.options),
    }),
    'conversation.set-tags': fc.record({
      conversationId,
      tags: fc.array(tag, { maxLength: 5 }),
    }),
    'conversation.snooze': fc.record({
      conversationId,
      until: fc.integer({ min: 3_600_000, max: 30 * 86_400_000 }).map((d) => Date.now() + d),
    }),
    // Fixtures hold no customer ids: random ones are valid arguments the hub answers not_found.
    'customer.edit': fc.record(
      {
        customerId: fc.uuid({ version: 7 }),
        name: shortText,
        notes: text,
        preferences: fc.record({
          likes: fc.array(shortText, { maxLength: 25 }),
          avoid: fc.array(shortText, { maxLength: 25 }),
        }),
      },
      { requiredKeys: ['customerId'] },
    ),
    'customer.merge': fc.record({
      sourceId: fc.uuid({ version: 7 }),
      targetId: fc.uuid({ version: 7 }),
    }),
    'customer.add-identity': fc.record({
      customerId: fc.uuid({ version: 7 }),
      identityId: fc.uuid({ version: 7 }),
      kind: fc.constantFrom('email', 'phone', 'chat_visitor', 'social'),
      value: shortText,
    }),
    'callback.promise': fc.record(
      {
        promiseId: fc.uuid({ version: 7 }),
        conversationId,
        dueAt: fc.integer({ min: 3_600_000, max: 30 * 86_400_000 }).map((d) => Date.now() + d),
        note: fc.string({ maxLength: 40 }),
      },
      { requiredKeys: ['promiseId', 'conversationId', 'dueAt', 'note'] },
    ),
    'callback.reschedule': fc.record({
      promiseId: fc.uuid({ version: 7 }),
      dueAt: fc.integer({ min: 3_600_000, max: 30 * 86_400_000 }).map((d) => Date.now() + d),
    }),
    'callback.complete': fc.record({ promiseId: fc.uuid({ version: 7 }) }),
    'callback.cancel': fc.record({ promiseId: fc.uuid({ version: 7 }), reason: shortText }),
    // Random ids: valid arguments that no recipient owns, so the hub answers not_found.
    'notification.mark-read': fc.record({ notificationId: fc.uuid({ version: 7 }) }),
    'canned.save': fc.record({
      cannedId: fc.uuid({ version: 7 }),
      teamId: fc.option(fc.constantFrom(...fx.teamIds), { nil: null }),
      title: shortText,
      shortcut: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/),
      body: text,
    }),
    'canned.delete': fc.record({ cannedId: fc.uuid({ version: 7 }) }),
    'view.save': fc.record({
      viewId: fc.uuid({ version: 7 }),
      name: shortText,
      filter: fc.record(
        {
          channels: fc.subarray(Channel.options),
          statuses: fc.subarray(ConversationStatus.options),
          priorities: fc.subarray(Priority.options),
          tags: fc.array(tag, { maxLength: 5 }),
          slaStates: fc.subarray(SlaState.options),
          waitingMoreThanMs: fc.option(fc.integer({ min: 0, max: 86_400_000 }), { nil: null }),
          assignee: fc.constantFrom(...AssigneeFilter.options),
          teamIds: fc.subarray([...fx.teamIds]),
          sort: fc.constantFrom(...InboxSort.options),
        },
        { requiredKeys: [] },
      ),
    }),
    'view.delete': fc.record({ viewId: fc.uuid({ version: 7 }) }),
  };
}

export function validEnvelope(fx: Fixtures) {
  const args = validMutatorArgs(fx);
  return fc
    .constantFrom(...MUTATOR_NAMES)
    .chain((name) =>
      fc.record({ id: fc.uuid({ version: 7 }), name: fc.constant(name), args: args[name] }),
    );
}

/** Mutation names that are not mutators, some of them dangerously close. */
export const wrongMutatorName = fc.oneof(
  fc.constantFrom(
    'conversation.reply.v2',
    'Conversation.Reply',
    'conversation.reply ',
    'conversation',
    '',
    ...POLLUTING_KEYS,
  ),
  fc.string({ maxLength: 40 }),
);

/**
 * A mutate envelope with exactly one thing wrong: either the envelope (id, name, extra key, shape)
 * or one field of otherwise valid arguments. Filtered so the result, as it arrives on the wire, is
 * truly invalid: a payload the hub might legitimately apply is never part of the fuzz.
 */
export function nearValidMutation(fx: Fixtures): fc.Arbitrary<unknown> {
  const args = validMutatorArgs(fx);
  const badEnvelope = validEnvelope(fx).chain((env) =>
    fc.oneof(
      fc
        .constantFrom('id', 'name')
        .chain((field) =>
          (field === 'id' ? nearId : wrongMutatorName).map((v) => ({ ...env, [field]: v })),
        ),
      corruptOne(env),
    ),
  );
  const badArgs = fc.constantFrom(...MUTATOR_NAMES).chain((name) =>
    fc.record({
      id: fc.uuid({ version: 7 }),
      name: fc.constant(name),
      args: args[name].chain((a) => corruptOne(a as Record<string, unknown>)),
    }),
  );
  return fc.oneof(badEnvelope, badArgs).filter((p) => judgeMutation(wire(p)).kind !== 'valid');
}

export type MutationVerdict =
  { kind: 'bad-envelope' } | { kind: 'bad-args'; id: string } | { kind: 'valid'; id: string };

/** What the hub must make of a mutate payload, as it arrives after JSON. */
export function judgeMutation(payload: unknown): MutationVerdict {
  const env = MutationEnvelope.safeParse(payload);
  if (!env.success) return { kind: 'bad-envelope' };
  const args = mutatorArgs[env.data.name].safeParse(env.data.args);
  return args.success ? { kind: 'valid', id: env.data.id } : { kind: 'bad-args', id: env.data.id };
}

/** Whether the hub's zod contract accepts the first argument of an event. */
export function acceptsArgs(event: ClientEventName, payload: unknown): boolean {
  if (event === 'mutate') return judgeMutation(payload).kind === 'valid';
  return clientEvents[event].args.safeParse(payload).success;
}
