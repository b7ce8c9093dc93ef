import {
  PREFERENCES_MAX,
  preferencesOf,
  type Customer,
  type CustomerPreferences,
} from '#shared/domain/customer.ts';
import { normalizeIdentityValue, type Identity } from '#shared/domain/identity.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { CustomerMutatorName } from '#shared/mutators/definitions.ts';
import { audit } from '../audit.ts';
import {
  callbackFromRow,
  conversationFromRow,
  customerFromRow,
  customerToRow,
  identityFromRow,
  identityToRow,
  messageFromRow,
  surveyFromRow,
} from '../records.ts';
import type { CommandContext, Handler } from './conversation-commands.ts';

/**
 * Customers are directory data: every signed-in user may look one up and correct it, so these
 * commands check existence, not team. Every change is audited because it touches every team.
 */
async function lockCustomer(ctx: CommandContext, id: string): Promise<Customer> {
  const row = await ctx.trx
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new PromptlyError('not_found', 'That customer does not exist.');
  return customerFromRow(row);
}

async function saveCustomer(ctx: CommandContext, next: Customer) {
  const { id: _id, ...row } = customerToRow(next);
  await ctx.trx.updateTable('customers').set(row).where('id', '=', next.id).execute();
  ctx.changes.push({
    entity: 'customer',
    entityId: next.id,
    op: 'put',
    teamId: null,
    assigneeId: null,
    data: next,
  });
}

const EDITABLE = ['name', 'timezone', 'company', 'notes', 'preferences'] as const;

/** Preferences are a small object: equal when they serialize the same. */
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

const edit: Handler<'customer.edit'> = async (ctx, args) => {
  const before = await lockCustomer(ctx, args.customerId);
  const patch: Partial<Customer> = {};
  for (const key of EDITABLE) {
    const value = args[key];
    if (value !== undefined && !same(value, before[key])) Object.assign(patch, { [key]: value });
  }
  if (Object.keys(patch).length === 0) return;
  await saveCustomer(ctx, { ...before, ...patch, updatedAt: ctx.now });
  await audit(ctx.trx, {
    actorId: ctx.viewer.userId,
    action: 'customer.edit',
    entity: 'customer',
    entityId: before.id,
    detail: {
      from: Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof Customer]])),
      to: patch,
    },
  });
};

const addIdentity: Handler<'customer.add-identity'> = async (ctx, args) => {
  await lockCustomer(ctx, args.customerId);
  const value = normalizeIdentityValue(args.kind, args.value);
  if (value === null || (args.kind === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)))
    throw new PromptlyError('invalid_input', `That is not a usable ${args.kind}.`);
  const clash = await ctx.trx
    .selectFrom('customer_identities')
    .select('id')
    .where('id', '=', args.identityId)
    .executeTakeFirst();
  if (clash) throw new PromptlyError('conflict', 'An identity with that id already exists.');
  const identity: Identity = {
    id: args.identityId,
    customerId: args.customerId,
    kind: args.kind,
    value,
    createdAt: ctx.now,
  };
  // The unique (kind, value) constraint is the arbiter, so two nodes racing cannot both win.
  const inserted = await ctx.trx
    .insertInto('customer_identities')
    .values(identityToRow(identity))
    .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const owner = await ctx.trx
      .selectFrom('customer_identities')
      .select('customer_id')
      .where('kind', '=', args.kind)
      .where('value', '=', value)
      .executeTakeFirstOrThrow();
    if (owner.customer_id === args.customerId) return;
    throw new PromptlyError('conflict', `That ${args.kind} already belongs to another customer.`);
  }
  ctx.changes.push({
    entity: 'identity',
    entityId: identity.id,
    op: 'put',
    teamId: null,
    assigneeId: null,
    data: identity,
  });
};

/** Both customers' preferences, without repeats, cut to the bound the schema allows. */
function mergedPreferences(target: Customer, source: Customer): CustomerPreferences {
  const t = preferencesOf(target);
  const s = preferencesOf(source);
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].slice(0, PREFERENCES_MAX);
  return { likes: union(t.likes, s.likes), avoid: union(t.avoid, s.avoid) };
}

/** Keeps what the target knows and fills its gaps from the source. */
function mergedCustomer(target: Customer, source: Customer, now: number): Customer {
  const notes = [target.notes, source.notes].filter((n) => n.trim().length > 0).join('\n\n');
  return {
    ...target,
    email: target.email ?? source.email,
    phone: target.phone ?? source.phone,
    timezone: target.timezone ?? source.timezone,
    company: target.company ?? source.company,
    notes,
    preferences: mergedPreferences(target, source),
    updatedAt: now,
  };
}

const merge: Handler<'customer.merge'> = async (ctx, args) => {
  if (args.sourceId === args.targetId)
    throw new PromptlyError('invalid_input', 'A customer cannot be merged into itself.');
  // Lock in id order so two opposite merges of the same pair wait rather than deadlock.
  const [first, second] = [args.sourceId, args.targetId].sort();
  const locked = new Map<string, Customer>();
  for (const id of [first!, second!]) locked.set(id, await lockCustomer(ctx, id));
  const source = locked.get(args.sourceId)!;
  const target = locked.get(args.targetId)!;
  const { trx, now } = ctx;

  const identities = await trx
    .updateTable('customer_identities')
    .set({ customer_id: target.id })
    .where('customer_id', '=', source.id)
    .returningAll()
    .execute();
  const conversations = await trx
    .updateTable('conversations')
    .set((eb) => ({
      customer_id: target.id,
      updated_at: new Date(now),
      version: eb('version', '+', 1),
    }))
    .where('customer_id', '=', source.id)
    .returningAll()
    .execute();
  const messages = await trx
    .updateTable('messages')
    .set({ customer_id: target.id })
    .where('customer_id', '=', source.id)
    .returningAll()
    .execute();
  const callbacks = await trx
    .updateTable('callback_promises')
    .set((eb) => ({
      customer_id: target.id,
      updated_at: new Date(now),
      version: eb('version', '+', 1),
    }))
    .where('customer_id', '=', source.id)
    .returningAll()
    .execute();
  const surveys = await trx
    .updateTable('survey_responses')
    .set({ customer_id: target.id })
    .where('customer_id', '=', source.id)
    .returningAll()
    .execute();

  for (const row of identities) {
    ctx.changes.push({
      entity: 'identity',
      entityId: row.id,
      op: 'put',
      teamId: null,
      assigneeId: null,
      data: identityFromRow(row),
    });
  }
  const scope = new Map<string, { teamId: string; assigneeId: string | null }>();
  for (const row of conversations) {
    const c = conversationFromRow(row);
    scope.set(c.id, { teamId: c.teamId, assigneeId: c.assigneeId });
    ctx.changes.push({
      entity: 'conversation',
      entityId: c.id,
      op: 'put',
      ...scope.get(c.id)!,
      data: c,
    });
  }
  // Cached messages carry the customer id too; they reach exactly who sees their conversation.
  for (const row of messages) {
    const s = scope.get(row.conversation_id);
    if (!s) continue;
    ctx.changes.push({
      entity: 'message',
      entityId: row.id,
      op: 'put',
      ...s,
      data: messageFromRow(row),
    });
  }
  for (const row of callbacks) {
    const p = callbackFromRow(row);
    // The version moved, so the deadline set for the old one would find nothing to do.
    await ctx.followUps.promiseSuperseded(trx, p.id, p.version - 1);
    await ctx.followUps.promiseOpen(trx, p);
    const s = scope.get(p.conversationId);
    if (!s) continue;
    ctx.changes.push({
      entity: 'callback',
      entityId: p.id,
      op: 'put',
      teamId: s.teamId,
      assigneeId: p.ownerId,
      data: p,
    });
  }
  for (const row of surveys) {
    const s = scope.get(row.conversation_id);
    if (!s) continue;
    ctx.changes.push({
      entity: 'survey',
      entityId: row.id,
      op: 'put',
      ...s,
      data: surveyFromRow(row),
    });
  }
  await saveCustomer(ctx, mergedCustomer(target, source, now));
  await trx.deleteFrom('customers').where('id', '=', source.id).execute();
  ctx.changes.push({
    entity: 'customer',
    entityId: source.id,
    op: 'delete',
    teamId: null,
    assigneeId: null,
    data: null,
  });
  await audit(trx, {
    actorId: ctx.viewer.userId,
    action: 'customer.merge',
    entity: 'customer',
    entityId: target.id,
    detail: {
      source: { id: source.id, name: source.name, email: source.email, phone: source.phone },
      targetId: target.id,
      moved: {
        conversations: conversations.map((c) => c.id),
        identities: identities.map((i) => i.id),
        callbacks: callbacks.map((p) => p.id),
        surveys: surveys.map((r) => r.id),
        messages: messages.length,
      },
    },
  });
};

export const customerCommands: { [N in CustomerMutatorName]: Handler<N> } = {
  'customer.edit': edit,
  'customer.merge': merge,
  'customer.add-identity': addIdentity,
};
