import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { conversationPatches } from '#shared/mutators/conversation-patches.ts';
import {
  isConversationMutator,
  type CallbackMutatorName,
  type MutatorArgs,
  type MutatorName,
  type ViewMutatorName,
} from '#shared/mutators/definitions.ts';
import type { Customer } from '#shared/domain/customer.ts';
import {
  cancelPromise,
  isOpenPromise,
  keepPromise,
  newPromise,
  reschedulePromise,
} from '#shared/domain/callback-lifecycle.ts';
import type { OutboxRow, PromptlyDb } from './db.ts';
import { indexMessages, reindexCustomers } from './search-index.ts';

export interface LocalContext {
  db: PromptlyDb;
  me: SessionUser;
  now: number;
}

function localMessage(
  ctx: LocalContext,
  c: Conversation,
  fields: Pick<Message, 'id' | 'direction' | 'text'> & { mentions?: Message['mentions'] },
): Message {
  return {
    conversationId: c.id,
    customerId: c.customerId,
    channel: c.channel,
    authorType: 'agent',
    authorId: ctx.me.id,
    authorName: ctx.me.name,
    html: null,
    attachments: [],
    call: null,
    deliveryStatus: 'queued',
    createdAt: ctx.now,
    ...fields,
  };
}

/**
 * The optimistic half of a mutator: the same conversation patch the hub applies, plus any message
 * it creates. Runs inside the caller's Dexie transaction, at send time and again after every pull
 * (rebase), so pending work stays visible on top of fresh server data. The transaction also needs the search
 * tables and identities: what this writes is indexed with it.
 */
export async function applyLocally<N extends MutatorName>(
  ctx: LocalContext,
  name: N,
  args: MutatorArgs<N>,
): Promise<void> {
  if (name === 'notification.mark-read')
    return markReadLocally(ctx.db, args as MutatorArgs<'notification.mark-read'>, ctx.now);
  if (isCallbackMutator(name))
    return applyCallbackLocally(ctx, name, args as MutatorArgs<typeof name>);
  if (name === 'customer.edit')
    return applyCustomerEditLocally(ctx, args as MutatorArgs<'customer.edit'>);
  if (isViewMutator(name)) return applyViewLocally(ctx, name, args as MutatorArgs<typeof name>);
  // Canned responses are managed by leads and admins, usually online; a refused optimistic copy
  // would linger with no pull to remove it, so they appear when the hub has accepted them.
  // A merge rewrites rows across several tables (conversations, messages, identities, promises)
  // that this desktop may hold only in part, so a local guess would be incomplete; the hub's
  // result arrives in one pull. Adding an identity is a test/import path with nothing to show.
  if (!isConversationMutator(name)) return;
  const { conversationId } = args as { conversationId: Conversation['id'] };
  const c = await ctx.db.conversations.get(conversationId);
  if (!c) return;
  const patch = conversationPatches[name](c, args, ctx.now);
  await ctx.db.conversations.put({ ...c, ...patch });
  if (name === 'conversation.reply') {
    const a = args as MutatorArgs<'conversation.reply'>;
    const m = localMessage(ctx, c, { id: a.messageId, direction: 'outbound', text: a.text });
    await ctx.db.messages.put(m);
    await indexMessages(ctx.db, [m]);
  } else if (name === 'conversation.reply.v2') {
    const a = args as MutatorArgs<'conversation.reply.v2'>;
    const m = {
      ...localMessage(ctx, c, { id: a.messageId, direction: 'outbound', text: a.text }),
      channel: a.channel ?? c.channel,
    };
    await ctx.db.messages.put(m);
    await indexMessages(ctx.db, [m]);
  } else if (name === 'conversation.handoff') {
    const a = args as MutatorArgs<'conversation.handoff'>;
    const m = {
      ...localMessage(ctx, c, { id: a.noteId, direction: 'note', text: a.note }),
      handoff: true,
    };
    await ctx.db.messages.put(m);
    await indexMessages(ctx.db, [m]);
  } else if (name === 'conversation.note') {
    const a = args as MutatorArgs<'conversation.note'>;
    const mentions = a.mentions.length ? { mentions: a.mentions } : {};
    const m = localMessage(ctx, c, {
      id: a.messageId,
      direction: 'note',
      text: a.text,
      ...mentions,
    });
    await ctx.db.messages.put(m);
    await indexMessages(ctx.db, [m]);
  }
}

/**
 * Re-applies pending mutations over whatever the last pull stored, so unsent work stays visible.
 * Only conversation fields need it: a pulled copy of a pending message is the hub's own, which is
 * better than ours. Patches fold in memory, one write per conversation, so a long offline backlog
 * costs one pass, not a write per mutation per pull.
 */
export async function rebasePending(
  db: PromptlyDb,
  me: SessionUser | undefined,
  onlyConversations?: ReadonlySet<string>,
): Promise<void> {
  if (!me) return;
  const pending = await db.outbox.where('status').equals('pending').sortBy('seq');
  const byConversation = new Map<string, typeof pending>();
  for (const row of pending) {
    const id = (row.args as { conversationId?: string }).conversationId;
    if (
      !isConversationMutator(row.name) ||
      !id ||
      (onlyConversations && !onlyConversations.has(id))
    )
      continue;
    byConversation.set(id, [...(byConversation.get(id) ?? []), row]);
  }
  for (const [id, rows] of byConversation) {
    const stored = await db.conversations.get(id as Conversation['id']);
    if (!stored) continue;
    let c = stored;
    for (const row of rows) {
      const patch = conversationPatches[row.name as keyof typeof conversationPatches] as (
        c: Conversation,
        a: unknown,
        now: number,
      ) => Partial<Conversation>;
      c = { ...c, ...patch(c, row.args, row.createdAt) };
    }
    await db.conversations.put(c);
  }
}

const isCallbackMutator = (name: MutatorName): name is CallbackMutatorName =>
  name.startsWith('callback.');

async function applyCustomerEditLocally(ctx: LocalContext, args: MutatorArgs<'customer.edit'>) {
  const c = await ctx.db.customers.get(args.customerId);
  if (!c) return;
  const { customerId: _id, ...fields } = args;
  const patch = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  ) as Partial<Customer>;
  await ctx.db.customers.put({ ...c, ...patch, updatedAt: ctx.now });
  await reindexCustomers(ctx.db, [c.id]);
}

/**
 * A promise's optimistic copy, computed by the same lifecycle functions the hub uses. Steps the
 * hub would refuse (a promise no longer scheduled) are skipped here; the hub's verdict and the
 * next pull restore the truth either way. Needs `callbacks` in the caller's Dexie transaction.
 */
export async function applyCallbackLocally<N extends CallbackMutatorName>(
  ctx: LocalContext,
  name: N,
  args: MutatorArgs<N>,
): Promise<void> {
  const me = ctx.me.id;
  if (name === 'callback.promise') {
    const a = args as MutatorArgs<'callback.promise'>;
    const c = await ctx.db.conversations.get(a.conversationId);
    if (!c) return;
    const customer = await ctx.db.customers.get(c.customerId);
    const p = newPromise({
      id: a.promiseId,
      conversationId: c.id,
      customerId: c.customerId,
      ownerId: me,
      channel: c.channel,
      dueAt: a.dueAt,
      windowEndAt: a.windowEndAt,
      timezone: customer?.timezone ?? null,
      note: a.note,
      now: ctx.now,
    });
    await ctx.db.callbacks.put(p);
    return;
  }
  const { promiseId } = args;
  const p = await ctx.db.callbacks.get(promiseId);
  if (!p || !isOpenPromise(p)) return;
  if (name === 'callback.reschedule') {
    await ctx.db.callbacks.put(
      reschedulePromise(p, args as MutatorArgs<'callback.reschedule'>, me, ctx.now),
    );
  } else if (name === 'callback.complete') {
    await ctx.db.callbacks.put(keepPromise(p, me, ctx.now));
  } else if (name === 'callback.cancel') {
    await ctx.db.callbacks.put(
      cancelPromise(p, (args as MutatorArgs<'callback.cancel'>).reason, me, ctx.now),
    );
  }
}

/**
 * Re-applies pending callback mutations over freshly pulled promises, in outbox order, so an
 * unsent reschedule does not flicker back. Call it in the pull's transaction, with `callbacks`,
 * `conversations` and `customers` in its scope.
 */
export async function rebasePendingCallbacks(
  db: PromptlyDb,
  me: SessionUser | undefined,
): Promise<void> {
  if (!me) return;
  await replayPending(db, isCallbackMutator, (row) =>
    applyCallbackLocally(
      { db, me, now: row.createdAt },
      row.name,
      row.args as MutatorArgs<typeof row.name>,
    ),
  );
}

/**
 * Re-applies the pending outbox rows `wanted` picks, oldest first: what every record kind with an
 * optimistic copy does after a pull, so unsent work stays visible on top of the hub's data.
 */
async function replayPending<N extends MutatorName>(
  db: PromptlyDb,
  wanted: (name: MutatorName) => name is N,
  apply: (row: OutboxRow & { name: N }) => Promise<void>,
): Promise<void> {
  const pending = await db.outbox.where('status').equals('pending').sortBy('seq');
  for (const row of pending) if (wanted(row.name)) await apply(row as OutboxRow & { name: N });
}

/** Needs `notifications` in the caller's Dexie transaction. */
async function markReadLocally(
  db: PromptlyDb,
  args: MutatorArgs<'notification.mark-read'>,
  now: number,
) {
  const n = await db.notifications.get(args.notificationId);
  if (n && n.readAt === null) await db.notifications.put({ ...n, readAt: now });
}

/**
 * Re-applies pending mark-reads over freshly pulled notifications, so one read while offline does
 * not turn unread again when the hub's unread copy lands first. Needs `notifications` and `outbox`.
 */
export async function rebasePendingReads(db: PromptlyDb): Promise<void> {
  await replayPending(
    db,
    (name): name is 'notification.mark-read' => name === 'notification.mark-read',
    (row) => markReadLocally(db, row.args as MutatorArgs<'notification.mark-read'>, row.createdAt),
  );
}

const isViewMutator = (name: MutatorName): name is ViewMutatorName => name.startsWith('view.');

/**
 * A saved view's optimistic copy. Views are the owner's alone, so the hub refuses one only for
 * input this desktop has already validated: the copy is what the hub will store. Needs `views`
 * in the caller's Dexie transaction.
 */
export async function applyViewLocally<N extends ViewMutatorName>(
  ctx: LocalContext,
  name: N,
  args: MutatorArgs<N>,
): Promise<void> {
  if (name === 'view.delete') {
    await ctx.db.views.delete(args.viewId);
    return;
  }
  const a = args as MutatorArgs<'view.save'>;
  const existing = await ctx.db.views.get(a.viewId);
  await ctx.db.views.put({
    id: a.viewId,
    ownerId: ctx.me.id,
    name: a.name,
    filter: a.filter,
    createdAt: existing?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
    version: (existing?.version ?? 0) + 1,
  });
}

/** Re-applies pending view edits over pulled views, in outbox order. Needs `views` and `outbox`. */
export async function rebasePendingViews(
  db: PromptlyDb,
  me: SessionUser | undefined,
): Promise<void> {
  if (!me) return;
  await replayPending(db, isViewMutator, (row) =>
    applyViewLocally(
      { db, me, now: row.createdAt },
      row.name,
      row.args as MutatorArgs<typeof row.name>,
    ),
  );
}
