/**
 * The demo workspace's records beyond conversations: customer identities, canned responses,
 * survey answers and promised callbacks, derived from the people and conversations already there.
 * Pure and deterministic like dataset.ts: the same input, `now` and seed give the same output, in
 * whatever order the input lists its rows (they are sorted by id first).
 */
import type { CallbackPromise, CallbackPromiseId } from '#shared/domain/callback.ts';
import { keepPromise, newPromise } from '#shared/domain/callback-lifecycle.ts';
import type { CannedResponse, CannedResponseId } from '#shared/domain/canned-response.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import {
  normalizeIdentityValue,
  type Identity,
  type IdentityId,
  type IdentityKind,
} from '#shared/domain/identity.ts';
import type { SurveyKind, SurveyResponseId } from '#shared/domain/survey.ts';
import type { Team } from '#shared/domain/user.ts';
import type { TeamId, UserId } from '#shared/logic/ids.ts';
import { IdMaker, Rng, streamSeed, type DemoUser } from './dataset.ts';
import { TEAM_SEEDS, type TeamKey } from './dataset-people.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DemoRecordsInput {
  teams: readonly Team[];
  users: readonly DemoUser[];
  customers: readonly Customer[];
  conversations: readonly Conversation[];
}

/** One survey answer and when the customer gave it; the hub derives the rest from the conversation. */
export interface DemoSurvey {
  at: number;
  answer: {
    id: SurveyResponseId;
    kind: SurveyKind;
    score: number;
    comment: string;
    conversationId: Conversation['id'];
  };
}

export interface DemoRecords {
  identities: Identity[];
  canned: CannedResponse[];
  surveys: DemoSurvey[];
  callbacks: CallbackPromise[];
}

const byId = <T extends { id: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

// ---------------------------------------------------------------------------------------------
// Identities: how each customer is recognised on the channels they use

function buildIdentities(
  customers: readonly Customer[],
  conversations: readonly Conversation[],
  rng: Rng,
  ids: IdMaker,
) {
  const firstChat = new Map<string, number>();
  for (const c of conversations) {
    if (c.channel !== 'chat') continue;
    const seen = firstChat.get(c.customerId);
    if (seen === undefined || c.createdAt < seen) firstChat.set(c.customerId, c.createdAt);
  }
  const taken = new Set<string>();
  const out: Identity[] = [];
  const add = (customer: Customer, kind: IdentityKind, raw: string, createdAt: number) => {
    const value = normalizeIdentityValue(kind, raw);
    // (kind, value) belongs to one customer: a clash in generated data keeps the first owner.
    if (value === null || taken.has(`${kind}:${value}`)) return;
    taken.add(`${kind}:${value}`);
    out.push({
      id: ids.make(createdAt) as IdentityId,
      customerId: customer.id,
      kind,
      value,
      createdAt,
    });
  };
  for (const customer of customers) {
    if (customer.email) add(customer, 'email', customer.email, customer.createdAt);
    if (customer.phone) add(customer, 'phone', customer.phone, customer.createdAt);
    const chatAt = firstChat.get(customer.id);
    // The chat widget's visitor token: random-looking, as the widget would mint it.
    if (chatAt !== undefined) add(customer, 'chat_visitor', `v_${hex(rng, 16)}`, chatAt);
  }
  return out;
}

function hex(rng: Rng, chars: number): string {
  let s = '';
  while (s.length < chars) s += rng.u32().toString(16).padStart(8, '0');
  return s.slice(0, chars);
}

// ---------------------------------------------------------------------------------------------
// Canned responses

interface CannedSeed {
  team: TeamKey | null;
  shortcut: string;
  title: string;
  body: string;
}

const CANNED: readonly CannedSeed[] = [
  {
    team: null,
    shortcut: 'hello',
    title: 'Greeting',
    body: 'Hi {{customer.firstName}},\n\nThanks for getting in touch — I’m {{agent.firstName}} and I’ll be looking after this for you.',
  },
  {
    team: null,
    shortcut: 'thanks',
    title: 'Thanks and close',
    body: 'Glad we could sort that out, {{customer.firstName}}! I’ll close this conversation now; just reply here if anything else comes up.\n\nBest,\n{{agent.firstName}}',
  },
  {
    team: null,
    shortcut: 'follow-up',
    title: 'Still there?',
    body: 'Hi {{customer.firstName}}, just checking in on “{{conversation.subject}}”. Is there anything else you need from us?',
  },
  {
    team: 'support',
    shortcut: 'reset',
    title: 'Password reset steps',
    body: 'Hi {{customer.firstName}},\n\nYou can reset your password from the sign-in page: choose “Forgot password”, enter your e-mail address and follow the link we send you (it is valid for 30 minutes). If it doesn’t arrive, please check your spam folder.\n\n{{agent.firstName}}',
  },
  {
    team: 'support',
    shortcut: 'delay',
    title: 'Delivery delayed',
    body: 'I’m sorry your order is taking longer than promised, {{customer.firstName}}. I’ve asked the carrier for an update and will get back to you as soon as I hear from them.',
  },
  {
    team: 'support',
    shortcut: 'bug-details',
    title: 'Ask for bug details',
    body: 'Thanks for reporting this, {{customer.firstName}}. Could you tell me which device and browser you were using, and roughly when it happened? A screenshot helps a lot too.',
  },
  {
    team: 'billing',
    shortcut: 'refund',
    title: 'Refund issued',
    body: 'Hi {{customer.firstName}},\n\nI’ve issued your refund today. Depending on your bank it takes 3–5 business days to show on your statement.\n\nBest,\n{{agent.name}}',
  },
  {
    team: 'billing',
    shortcut: 'invoice',
    title: 'Invoice copy',
    body: 'Hi {{customer.firstName}}, I’ve attached a copy of your invoice. Let me know if you need it addressed to a company or a different address.',
  },
  {
    team: 'billing',
    shortcut: 'double-charge',
    title: 'Duplicate charge',
    body: 'Sorry about the double charge, {{customer.firstName}}. The second payment was only an authorisation: it is released automatically within 7 days, and I’ve asked our payments team to speed that up.',
  },
];

function buildCanned(teamIds: ReadonlyMap<TeamKey, TeamId>, now: number, ids: IdMaker) {
  const out: CannedResponse[] = [];
  CANNED.forEach((seed, i) => {
    const teamId = seed.team === null ? null : (teamIds.get(seed.team) ?? undefined);
    // A workspace without that team (renamed or removed) simply goes without its responses.
    if (teamId === undefined) return;
    const createdAt = now - 120 * DAY + i * 3 * HOUR;
    out.push({
      id: ids.make(createdAt) as CannedResponseId,
      teamId,
      title: seed.title,
      shortcut: seed.shortcut,
      body: seed.body,
      createdAt,
      updatedAt: createdAt,
      version: 1,
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Survey answers on resolved conversations

/** Weights per score from the scale's bottom: most customers are happy, a few are not. */
const SCORE_WEIGHTS: Readonly<Record<SurveyKind, readonly number[]>> = {
  csat: [4, 5, 10, 30, 51],
  ces: [2, 3, 5, 10, 20, 30, 30],
  nps: [2, 1, 2, 2, 3, 4, 6, 10, 15, 25, 30],
};
const SCALE_MIN: Readonly<Record<SurveyKind, number>> = { csat: 1, ces: 1, nps: 0 };

const COMMENTS = {
  good: [
    'Quick and friendly, thank you!',
    'Sorted in minutes. Great service.',
    'Really helpful, explained everything clearly.',
    'Much better than I expected after the first e-mail.',
    'Muchas gracias, todo resuelto.',
    'Super, danke!',
  ],
  middling: [
    'Got there in the end.',
    'Fine, but I had to explain twice.',
    'OK. Took a while to get an answer.',
  ],
  bad: [
    'Waited three days for a reply.',
    'Nobody called me back as promised.',
    'Still not fixed, honestly.',
  ],
} as const;

/** A customer who types markup and template braces into the survey box: shown only as text. */
const HOSTILE_COMMENT =
  'Useless. <img src=x onerror=alert(1)> {{agent.firstName}} never called back &amp; <b>nobody cares</b>';

function band(kind: SurveyKind, score: number): keyof typeof COMMENTS {
  const top = kind === 'csat' ? 4 : kind === 'ces' ? 5 : 9;
  const low = kind === 'csat' ? 2 : kind === 'ces' ? 3 : 6;
  return score >= top ? 'good' : score <= low ? 'bad' : 'middling';
}

function buildSurveys(conversations: readonly Conversation[], now: number, rng: Rng, ids: IdMaker) {
  const out: DemoSurvey[] = [];
  let hostileUsed = false;
  for (const c of conversations) {
    if (c.status !== 'resolved' || !rng.chance(0.45)) continue;
    const kinds: SurveyKind[] = ['csat'];
    if (rng.chance(0.35)) kinds.push('ces');
    if (rng.chance(0.25)) kinds.push('nps');
    let at = Math.min(
      c.lastMessageAt + Math.floor(rng.between(20 * MINUTE, 30 * HOUR)),
      now - 5 * MINUTE,
    );
    for (const kind of kinds) {
      const weights = SCORE_WEIGHTS[kind];
      const score = SCALE_MIN[kind] + rng.weighted([...weights.keys()], (i) => weights[i] ?? 0);
      const b = band(kind, score);
      let comment = rng.chance(0.4) ? rng.pick(COMMENTS[b]) : '';
      if (!hostileUsed && kind === 'csat' && b === 'bad') {
        comment = HOSTILE_COMMENT;
        hostileUsed = true;
      }
      out.push({
        at,
        answer: {
          id: ids.make(at) as SurveyResponseId,
          kind,
          score,
          comment,
          conversationId: c.id,
        },
      });
      at = Math.min(at + MINUTE, now - MINUTE);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Promised callbacks: some ahead, one kept, one missed

function buildCallbacks(
  conversations: readonly Conversation[],
  customers: ReadonlyMap<string, Customer>,
  now: number,
  ids: IdMaker,
): CallbackPromise[] {
  const promise = (
    c: Conversation,
    createdAt: number,
    dueAt: number,
    windowEndAt: number | undefined,
    note: string,
  ) =>
    newPromise({
      id: ids.make(createdAt) as CallbackPromiseId,
      conversationId: c.id,
      customerId: c.customerId,
      ownerId: c.assigneeId as UserId,
      channel: c.channel,
      dueAt,
      windowEndAt,
      timezone: customers.get(c.customerId)?.timezone ?? null,
      note,
      now: createdAt,
    });
  // A callback is a promise to a person: never on an API integration's conversation.
  const held = conversations.filter((c) => c.assigneeId !== null && c.channel !== 'api');
  const live = held.filter((c) => c.status === 'open' || c.status === 'pending');
  const asked = (c: Conversation) => c.tags.includes('callback') || c.channel === 'phone';
  // Newest first, those where the customer asked for a call ahead of the rest.
  const ahead = [...live]
    .sort((a, b) => Number(asked(b)) - Number(asked(a)) || b.lastMessageAt - a.lastMessageAt)
    .slice(0, 3);
  const used = new Set(ahead.map((c) => c.id));
  const out: CallbackPromise[] = [];
  const plans = [
    {
      in: 2 * HOUR,
      window: 2 * HOUR,
      note: 'Call back between these times, as agreed — about the delivery.',
    },
    { in: 26 * HOUR, window: undefined, note: 'Confirm the replacement has shipped.' },
    { in: 3 * DAY, window: undefined, note: 'Check the refund has arrived.' },
  ];
  ahead.forEach((c, i) => {
    const plan = plans[i];
    if (!plan) return;
    const createdAt = Math.max(c.lastMessageAt, now - HOUR);
    const dueAt = Math.floor((now + plan.in) / (15 * MINUTE)) * 15 * MINUTE;
    out.push(
      promise(
        c,
        createdAt,
        dueAt,
        plan.window === undefined ? undefined : dueAt + plan.window,
        plan.note,
      ),
    );
  });

  // Recent but settled conversations: a promise kept on time, and one that slipped.
  const older = held
    .filter((c) => !used.has(c.id) && c.lastMessageAt < now - 2 * DAY)
    .sort((a, b) => b.lastMessageAt - a.lastMessageAt);
  const keptOn = older.find((c) => c.status === 'resolved');
  if (keptOn) {
    const createdAt = keptOn.createdAt + 10 * MINUTE;
    const dueAt = createdAt + 3 * HOUR;
    const p = promise(keptOn, createdAt, dueAt, undefined, 'Call to walk through the fix.');
    out.push(keepPromise(p, p.ownerId, dueAt - 15 * MINUTE));
  }
  const missedOn =
    older.find((c) => c.id !== keptOn?.id && c.status !== 'resolved') ??
    older.find((c) => c.id !== keptOn?.id);
  if (missedOn) {
    const createdAt = missedOn.lastMessageAt + 5 * MINUTE;
    const dueAt = createdAt + 4 * HOUR;
    const p = promise(
      missedOn,
      createdAt,
      dueAt,
      undefined,
      'Ring back once the warehouse confirms.',
    );
    const missedAt = dueAt + 15 * MINUTE;
    // What the hub's job runner records when the time passes: it acts, so no user is named.
    out.push({
      ...p,
      status: 'missed',
      history: [...p.history, { at: missedAt, byUserId: null, action: 'missed', dueAt }],
      updatedAt: missedAt,
      version: p.version + 1,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export function buildDemoRecords(
  input: DemoRecordsInput,
  opts: { now: number; seed: number },
): DemoRecords {
  const now = Math.floor(opts.now);
  const customers = byId(input.customers);
  const conversations = byId(input.conversations);
  const teamIds = new Map<TeamKey, TeamId>();
  for (const seed of TEAM_SEEDS) {
    const team = input.teams.find((t) => t.name === seed.name);
    if (team) teamIds.set(seed.key, team.id);
  }
  const identityRng = new Rng(streamSeed(opts.seed, 10));
  const surveyRng = new Rng(streamSeed(opts.seed, 11));
  const ids = new IdMaker(new Rng(streamSeed(opts.seed, 12)));
  // Owners must still exist: a conversation held by someone no longer in the directory gets no promise.
  const staff = new Set(input.users.map((u) => u.id));
  return {
    identities: buildIdentities(customers, conversations, identityRng, new IdMaker(identityRng)),
    canned: buildCanned(teamIds, now, ids),
    surveys: buildSurveys(conversations, now, surveyRng, ids),
    callbacks: buildCallbacks(
      conversations.filter((c) => c.assigneeId === null || staff.has(c.assigneeId)),
      new Map(customers.map((c) => [c.id, c])),
      now,
      ids,
    ),
  };
}
