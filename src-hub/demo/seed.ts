import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ChangeInput } from '../domain/changes.ts';
import type { Writer } from '../domain/writer.ts';
import {
  callbackToRow,
  cannedToRow,
  conversationFromRow,
  conversationToRow,
  customerFromRow,
  customerToRow,
  identityToRow,
  messageToRow,
} from '../domain/records.ts';
import { recordSurveyAnswer } from '../domain/surveys.ts';
import { hashPassword } from '../auth/passwords.ts';
import {
  buildDemoDataset,
  DEMO_DEFAULTS,
  demoAgent,
  type DemoDataset,
  type DemoDatasetOptions,
} from './dataset.ts';
import { buildDemoRecords, type DemoRecords, type DemoRecordsInput } from './dataset-records.ts';

export const DEMO_PASSWORD = 'promptly-demo';
const SEED_MARKER = 'demo.seeded';
/** Identities, canned responses, surveys and promises came later than the first demo seed. */
const RECORDS_MARKER = 'demo.records-seeded';

/**
 * Seeds the demo workspace once. The marker row is written in the same transaction as the data,
 * so a crash mid-seed leaves nothing behind and the next start simply seeds again.
 */
export async function seedDemo(
  deps: { write: Writer },
  opts: { now?: number } & SeedScale = {},
): Promise<{ seeded: boolean }> {
  const now = opts.now ?? Date.now();
  const dataset = buildDemoDataset({ now, ...pick(opts) });
  const hashes = new Map<string, string>();
  for (const u of dataset.users) hashes.set(u.id, await hashPassword(DEMO_PASSWORD));
  return deps.write(async (trx, changes) => {
    // Serializes concurrent first starts (two nodes on one database) on the marker check.
    await sql`select pg_advisory_xact_lock(${0x64656d6fn})`.execute(trx);
    const markers = await trx
      .selectFrom('settings')
      .select('key')
      .where('key', 'in', [SEED_MARKER, RECORDS_MARKER])
      .execute();
    const has = (key: string) => markers.some((m) => m.key === key);
    if (has(SEED_MARKER) && has(RECORDS_MARKER)) return { seeded: false };
    if (!has(SEED_MARKER)) {
      await insertDataset(trx, dataset, hashes);
      // Not push(...): a benchmark-sized dataset has more changes than a call has arguments.
      for (const change of changesFor(dataset)) changes.push(change);
      await mark(trx, SEED_MARKER);
      await insertRecords(trx, changes, dataset, records(dataset, now));
    } else {
      // A workspace seeded before these records existed: derive them from what it holds now.
      const existing = await loadWorkspace(trx);
      await insertRecords(trx, changes, existing, records(existing, now));
    }
    await mark(trx, RECORDS_MARKER);
    return { seeded: true };
  });
}

const records = (input: DemoRecordsInput, now: number) =>
  buildDemoRecords(input, { now, seed: DEMO_DEFAULTS.seed });

async function mark(trx: Transaction<Database>, key: string) {
  await trx
    .insertInto('settings')
    .values({ key, value: JSON.stringify({ at: new Date().toISOString() }) })
    .execute();
}

async function loadWorkspace(trx: Transaction<Database>): Promise<DemoRecordsInput> {
  const [teams, users, members, customers, conversations] = [
    await trx.selectFrom('teams').select(['id', 'name']).execute(),
    await trx.selectFrom('users').select(['id', 'email', 'name', 'role']).execute(),
    await trx.selectFrom('team_members').selectAll().execute(),
    await trx.selectFrom('customers').selectAll().execute(),
    await trx.selectFrom('conversations').selectAll().execute(),
  ];
  return {
    teams: teams as unknown as DemoRecordsInput['teams'],
    users: users.map((u) => ({
      ...u,
      teamIds: members.filter((m) => m.user_id === u.id).map((m) => m.team_id),
    })) as unknown as DemoRecordsInput['users'],
    customers: customers.map(customerFromRow),
    conversations: conversations.map(conversationFromRow),
  };
}

/**
 * Writes the derived records. Identities and canned responses may already exist in an older
 * workspace (added by hand since): those are skipped, and only what was inserted is logged.
 */
async function insertRecords(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  input: DemoRecordsInput,
  r: DemoRecords,
) {
  const scope = new Map(input.conversations.map((c) => [c.id, c]));
  await insertChunked(r.identities, 500, async (chunk) => {
    const inserted = await trx
      .insertInto('customer_identities')
      .values(chunk.map(identityToRow))
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    const fresh = new Set(inserted.map((i) => i.id));
    for (const i of chunk) {
      if (!fresh.has(i.id)) continue;
      changes.push({
        entity: 'identity',
        entityId: i.id,
        op: 'put',
        teamId: null,
        assigneeId: null,
        data: i,
      });
    }
  });
  for (const c of r.canned) {
    const inserted = await trx
      .insertInto('canned_responses')
      .values(cannedToRow(c, null))
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) continue;
    changes.push({
      entity: 'canned',
      entityId: c.id,
      op: 'put',
      teamId: c.teamId,
      assigneeId: null,
      data: c,
    });
  }
  if (r.callbacks.length) {
    await trx.insertInto('callback_promises').values(r.callbacks.map(callbackToRow)).execute();
  }
  for (const p of r.callbacks) {
    const c = scope.get(p.conversationId);
    if (!c) throw new Error(`demo promise ${p.id} has no conversation`);
    changes.push({
      entity: 'callback',
      entityId: p.id,
      op: 'put',
      teamId: c.teamId,
      assigneeId: p.ownerId,
      data: p,
    });
  }
  // Through the hub's own survey intake, so demo answers are scoped exactly like real ones.
  for (const s of r.surveys) await recordSurveyAnswer(trx, changes, s.answer, s.at);
}

/** How big a workspace to seed; benchmarks ask for more than the demo's defaults. */
export type SeedScale = Pick<
  DemoDatasetOptions,
  'customers' | 'conversations' | 'historyDays' | 'minThreadLength'
>;

function pick(opts: SeedScale): SeedScale {
  const out: SeedScale = {};
  for (const key of ['customers', 'conversations', 'historyDays', 'minThreadLength'] as const) {
    if (opts[key] !== undefined) out[key] = opts[key];
  }
  return out;
}

async function insertChunked<T>(
  items: readonly T[],
  size: number,
  insert: (chunk: T[]) => Promise<unknown>,
) {
  for (let i = 0; i < items.length; i += size) await insert(items.slice(i, i + size));
}

async function insertDataset(
  trx: Transaction<Database>,
  d: DemoDataset,
  hashes: Map<string, string>,
) {
  await trx
    .insertInto('teams')
    .values(d.teams.map((t) => ({ id: t.id, name: t.name })))
    .execute();
  await trx
    .insertInto('users')
    .values(
      d.users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        password_hash: hashes.get(u.id) ?? '',
      })),
    )
    .execute();
  const memberships = d.users.flatMap((u) => u.teamIds.map((t) => ({ team_id: t, user_id: u.id })));
  if (memberships.length) await trx.insertInto('team_members').values(memberships).execute();
  await insertChunked(d.customers, 500, (c) =>
    trx.insertInto('customers').values(c.map(customerToRow)).execute(),
  );
  await insertChunked(d.conversations, 500, (c) =>
    trx.insertInto('conversations').values(c.map(conversationToRow)).execute(),
  );
  await insertChunked(d.messages, 500, (m) =>
    trx.insertInto('messages').values(m.map(messageToRow)).execute(),
  );
}

function changesFor(d: DemoDataset): ChangeInput[] {
  const out: ChangeInput[] = [];
  const directory = (entity: ChangeInput['entity'], id: string, data: unknown) =>
    out.push({ entity, entityId: id, op: 'put', teamId: null, assigneeId: null, data });
  for (const t of d.teams) directory('team', t.id, t);
  for (const u of d.users) directory('agent', u.id, demoAgent(u));
  for (const c of d.customers) directory('customer', c.id, c);
  const scope = new Map<string, { teamId: string; assigneeId: string | null }>();
  for (const c of d.conversations) {
    scope.set(c.id, { teamId: c.teamId, assigneeId: c.assigneeId });
    out.push({
      entity: 'conversation',
      entityId: c.id,
      op: 'put',
      teamId: c.teamId,
      assigneeId: c.assigneeId,
      data: c,
    });
  }
  for (const m of d.messages) {
    const s = scope.get(m.conversationId);
    if (!s) throw new Error(`demo message ${m.id} has no conversation`);
    out.push({
      entity: 'message',
      entityId: m.id,
      op: 'put',
      teamId: s.teamId,
      assigneeId: s.assigneeId,
      data: m,
    });
  }
  return out;
}
