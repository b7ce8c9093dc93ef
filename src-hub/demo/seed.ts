import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ChangeInput } from '../domain/changes.ts';
import type { Writer } from '../domain/writer.ts';
import { conversationToRow, customerToRow, messageToRow } from '../domain/records.ts';
import { hashPassword } from '../auth/passwords.ts';
import { buildDemoDataset, demoAgent, type DemoDataset } from './dataset.ts';

export const DEMO_PASSWORD = 'promptly-demo';
const SEED_MARKER = 'demo.seeded';

/**
 * Seeds the demo workspace once. The marker row is written in the same transaction as the data,
 * so a crash mid-seed leaves nothing behind and the next start simply seeds again.
 */
export async function seedDemo(
  deps: { write: Writer },
  opts: { now?: number; customers?: number; conversations?: number } = {},
): Promise<{ seeded: boolean }> {
  const dataset = buildDemoDataset({ now: opts.now ?? Date.now(), ...pick(opts) });
  const hashes = new Map<string, string>();
  for (const u of dataset.users) hashes.set(u.id, await hashPassword(DEMO_PASSWORD));
  return deps.write(async (trx, changes) => {
    // Serializes concurrent first starts (two nodes on one database) on the marker check.
    await sql`select pg_advisory_xact_lock(${0x64656d6fn})`.execute(trx);
    const marker = await trx
      .selectFrom('settings')
      .select('key')
      .where('key', '=', SEED_MARKER)
      .executeTakeFirst();
    if (marker) return { seeded: false };
    await insertDataset(trx, dataset, hashes);
    changes.push(...changesFor(dataset));
    await trx
      .insertInto('settings')
      .values({ key: SEED_MARKER, value: JSON.stringify({ at: new Date().toISOString() }) })
      .execute();
    return { seeded: true };
  });
}

function pick(opts: { customers?: number; conversations?: number }) {
  return {
    ...(opts.customers !== undefined ? { customers: opts.customers } : {}),
    ...(opts.conversations !== undefined ? { conversations: opts.conversations } : {}),
  };
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
