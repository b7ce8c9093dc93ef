import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { conversationPatches } from '#shared/mutators/conversation-patches.ts';
import type { MutatorArgs, MutatorName } from '#shared/mutators/definitions.ts';
import type { PromptlyDb } from './db.ts';

export interface LocalContext {
  db: PromptlyDb;
  me: SessionUser;
  now: number;
}

function localMessage(ctx: LocalContext, c: Conversation, fields: Pick<Message, 'id' | 'direction' | 'text'> & { mentions?: Message['mentions'] }): Message {
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
 * (rebase), so pending work stays visible on top of fresh server data.
 */
export async function applyLocally<N extends MutatorName>(ctx: LocalContext, name: N, args: MutatorArgs<N>): Promise<void> {
  const { conversationId } = args as { conversationId: Conversation['id'] };
  const c = await ctx.db.conversations.get(conversationId);
  if (!c) return;
  const patch = (conversationPatches[name] as (c: Conversation, a: MutatorArgs<N>, now: number) => Partial<Conversation>)(c, args, ctx.now);
  await ctx.db.conversations.put({ ...c, ...patch });
  if (name === 'conversation.reply') {
    const a = args as MutatorArgs<'conversation.reply'>;
    await ctx.db.messages.put(localMessage(ctx, c, { id: a.messageId, direction: 'outbound', text: a.text }));
  } else if (name === 'conversation.note') {
    const a = args as MutatorArgs<'conversation.note'>;
    const mentions = a.mentions.length ? { mentions: a.mentions } : {};
    await ctx.db.messages.put(localMessage(ctx, c, { id: a.messageId, direction: 'note', text: a.text, ...mentions }));
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
    if (!id || (onlyConversations && !onlyConversations.has(id))) continue;
    byConversation.set(id, [...(byConversation.get(id) ?? []), row]);
  }
  for (const [id, rows] of byConversation) {
    const stored = await db.conversations.get(id as Conversation['id']);
    if (!stored) continue;
    let c = stored;
    for (const row of rows) {
      const patch = conversationPatches[row.name] as (c: Conversation, a: unknown, now: number) => Partial<Conversation>;
      c = { ...c, ...patch(c, row.args, row.createdAt) };
    }
    await db.conversations.put(c);
  }
}
