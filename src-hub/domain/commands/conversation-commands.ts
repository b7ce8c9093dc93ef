import type { Transaction } from 'kysely';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type {
  ConversationMutatorName,
  MutatorArgs,
  MutatorName,
} from '#shared/mutators/definitions.ts';
import type { Database } from '../../store/schema.ts';
import type { ChangeInput } from '../changes.ts';
import {
  callbackFromRow,
  conversationFromRow,
  conversationToRow,
  messageFromRow,
  messageToRow,
  surveyFromRow,
} from '../records.ts';
import type { Viewer } from '../viewer.ts';
import { replyChannels } from '#shared/logic/reply-channels.ts';
import { audit } from '../audit.ts';
import { putCallback } from '../callbacks.ts';
import type { FollowUps } from '../follow-ups.ts';
import { notificationText, notify } from '../notifications.ts';
import { audienceOf, lockVisibleConversation } from './conversation-access.ts';
import {
  conversationPatches,
  isNoop,
  snoozeProblem,
} from '#shared/mutators/conversation-patches.ts';

export interface CommandContext {
  trx: Transaction<Database>;
  viewer: Viewer;
  changes: ChangeInput[];
  now: number;
  /** Scheduled work a command starts or stops, in its own transaction. */
  followUps: FollowUps;
}

export type Handler<N extends MutatorName> = (
  ctx: CommandContext,
  args: MutatorArgs<N>,
) => Promise<void>;

function putConversation(ctx: CommandContext, c: Conversation) {
  ctx.changes.push({
    entity: 'conversation',
    entityId: c.id,
    op: 'put',
    teamId: c.teamId,
    assigneeId: c.assigneeId,
    data: c,
  });
}

async function saveConversation(
  ctx: CommandContext,
  before: Conversation,
  patch: Partial<Conversation>,
) {
  const next: Conversation = {
    ...before,
    ...patch,
    version: before.version + 1,
    updatedAt: ctx.now,
  };
  const { id: _id, ...row } = conversationToRow(next);
  await ctx.trx.updateTable('conversations').set(row).where('id', '=', before.id).execute();
  putConversation(ctx, next);
  return next;
}

async function insertMessage(ctx: CommandContext, c: Conversation, message: Message) {
  const clash = await ctx.trx
    .selectFrom('messages')
    .select('id')
    .where('id', '=', message.id)
    .executeTakeFirst();
  if (clash) throw new PromptlyError('conflict', 'A message with that id already exists.');
  await ctx.trx.insertInto('messages').values(messageToRow(message)).execute();
  ctx.changes.push({
    entity: 'message',
    entityId: message.id,
    op: 'put',
    teamId: c.teamId,
    assigneeId: c.assigneeId,
    data: message,
  });
}

function agentMessage(
  ctx: CommandContext,
  c: Conversation,
  fields: Pick<Message, 'id' | 'direction' | 'text' | 'deliveryStatus'>,
): Message {
  return {
    conversationId: c.id,
    customerId: c.customerId,
    channel: c.channel,
    authorType: 'agent',
    authorId: ctx.viewer.userId as Message['authorId'],
    authorName: ctx.viewer.name,
    html: null,
    attachments: [],
    call: null,
    createdAt: ctx.now,
    ...fields,
  };
}

const reply: Handler<'conversation.reply'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  await sendReply(ctx, c, args, c.channel);
  await saveConversation(ctx, c, conversationPatches['conversation.reply'](c, args, ctx.now));
};

const replyV2: Handler<'conversation.reply.v2'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  const channel = args.channel ?? c.channel;
  const customer = await ctx.trx
    .selectFrom('customers')
    .select(['email', 'phone'])
    .where('id', '=', c.customerId)
    .executeTakeFirstOrThrow();
  const kinds = await ctx.trx
    .selectFrom('customer_identities')
    .select('kind')
    .where('customer_id', '=', c.customerId)
    .execute();
  const allowed = replyChannels(c.channel, {
    email: customer.email,
    phone: customer.phone,
    identityKinds: kinds.map((k) => k.kind),
  });
  if (!allowed.includes(channel)) {
    throw new PromptlyError(
      'invalid_input',
      channel === 'phone'
        ? 'A call cannot carry a written reply: reply by SMS or email instead.'
        : `The customer cannot be reached on ${channel}: there is no address for it on file.`,
    );
  }
  await sendReply(ctx, c, args, channel);
  await saveConversation(ctx, c, conversationPatches['conversation.reply.v2'](c, args, ctx.now));
};

/** Queued: the channel adapter delivers it and reports back; the hub has accepted it either way. */
async function sendReply(
  ctx: CommandContext,
  c: Conversation,
  args: { messageId: Message['id']; text: string },
  channel: Conversation['channel'],
) {
  await insertMessage(ctx, c, {
    ...agentMessage(ctx, c, {
      id: args.messageId,
      direction: 'outbound',
      text: args.text,
      deliveryStatus: 'queued',
    }),
    channel,
  });
}

const note: Handler<'conversation.note'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  const mentions = [...new Set(args.mentions)];
  if (mentions.length > 0) {
    const found = await ctx.trx
      .selectFrom('users')
      .select('id')
      .where('id', 'in', mentions)
      .where('active', '=', true)
      .execute();
    if (found.length !== mentions.length)
      throw new PromptlyError('invalid_input', 'A mentioned agent does not exist.');
  }
  const message = {
    ...agentMessage(ctx, c, {
      id: args.messageId,
      direction: 'note',
      text: args.text,
      deliveryStatus: 'sent',
    }),
    ...(mentions.length ? { mentions } : {}),
  };
  await insertMessage(ctx, c, message);
  // A note is internal: it does not move the customer-facing activity or the waiting clock.
  await saveConversation(ctx, c, conversationPatches['conversation.note'](c, args, ctx.now));
  const text = notificationText.mention({ authorName: ctx.viewer.name });
  await notify(
    ctx.trx,
    ctx.changes,
    mentions
      .filter((userId) => userId !== ctx.viewer.userId)
      .map((userId) => ({
        userId,
        kind: 'mention' as const,
        refs: { conversationId: c.id, messageId: args.messageId },
        ...text,
      })),
    ctx.now,
  );
};

const assign: Handler<'conversation.assign'> = async (ctx, args) => {
  const before = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  const teamId = args.teamId ?? before.teamId;
  if (teamId !== before.teamId) {
    const team = await ctx.trx
      .selectFrom('teams')
      .select('id')
      .where('id', '=', teamId)
      .executeTakeFirst();
    if (!team) throw new PromptlyError('invalid_input', 'That team does not exist.');
  }
  if (args.assigneeId) {
    const assignee = await ctx.trx
      .selectFrom('users')
      .select(['id', 'active'])
      .where('id', '=', args.assigneeId)
      .executeTakeFirst();
    if (!assignee?.active)
      throw new PromptlyError('invalid_input', 'That agent does not exist or is deactivated.');
    const member = await ctx.trx
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('user_id', '=', args.assigneeId)
      .executeTakeFirst();
    if (!member)
      throw new PromptlyError(
        'invalid_input',
        'That agent is not a member of the conversation’s team.',
      );
  }
  if (teamId === before.teamId && args.assigneeId === before.assigneeId) return;

  const scopeBefore = await audienceOf(ctx.trx, before);
  const after = { teamId, assigneeId: args.assigneeId };
  const scopeAfter = await audienceOf(ctx.trx, after);
  const lost = [...scopeBefore].filter((u) => !scopeAfter.has(u));
  // Revocations first: someone in both audiences must end with the conversation, not without it.
  if (lost.length) {
    ctx.changes.push({
      entity: 'conversation',
      entityId: before.id,
      op: 'delete',
      teamId: null,
      assigneeId: null,
      targetUsers: lost,
      data: null,
    });
  }
  const next = await saveConversation(
    ctx,
    before,
    conversationPatches['conversation.assign'](before, args, ctx.now),
  );
  if (teamId !== before.teamId) await rescopePromises(ctx, before, next);
  if (
    args.assigneeId &&
    args.assigneeId !== before.assigneeId &&
    args.assigneeId !== ctx.viewer.userId
  ) {
    await notify(
      ctx.trx,
      ctx.changes,
      [
        {
          userId: args.assigneeId,
          kind: 'assignment',
          refs: { conversationId: before.id },
          ...notificationText.assignment({ actorName: ctx.viewer.name }),
        },
      ],
      ctx.now,
    );
  }
  const gained = [...scopeAfter].filter((u) => !scopeBefore.has(u));
  if (gained.length) {
    // New viewers never received this thread: send it to them alone.
    const rows = await ctx.trx
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', before.id)
      .orderBy('created_at')
      .execute();
    for (const m of rows) {
      ctx.changes.push({
        entity: 'message',
        entityId: m.id,
        op: 'put',
        teamId: null,
        assigneeId: null,
        targetUsers: gained,
        data: messageFromRow(m),
      });
    }
    // Survey answers follow the thread (its promises were re-scoped above, with deletes for
    // whoever lost them).
    const surveys = await ctx.trx
      .selectFrom('survey_responses')
      .selectAll()
      .where('conversation_id', '=', before.id)
      .execute();
    const toGained = { op: 'put' as const, teamId: null, assigneeId: null, targetUsers: gained };
    for (const r of surveys)
      ctx.changes.push({ entity: 'survey', entityId: r.id, ...toGained, data: surveyFromRow(r) });
  }
  await audit(ctx.trx, {
    actorId: ctx.viewer.userId,
    action: teamId !== before.teamId ? 'conversation.transfer' : 'conversation.assign',
    entity: 'conversation',
    entityId: before.id,
    detail: {
      from: { teamId: before.teamId, assigneeId: before.assigneeId },
      to: { teamId: next.teamId, assigneeId: next.assigneeId },
    },
  });
};

/**
 * A transfer moves the conversation's promises with it: they are scoped to (team, owner) in the
 * change log, so the new team's agents get them now rather than at their next write, and whoever
 * loses sight of them gets deletes, as with the conversation itself. The promise rows are locked
 * (after the conversation's, the order every writer of both uses) so a promise cannot change
 * between being read here and this write's change-log entries.
 */
async function rescopePromises(ctx: CommandContext, before: Conversation, after: Conversation) {
  const rows = await ctx.trx
    .selectFrom('callback_promises')
    .selectAll()
    .where('conversation_id', '=', before.id)
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const row of rows) {
    const p = callbackFromRow(row);
    const scope = (teamId: string) => audienceOf(ctx.trx, { teamId, assigneeId: p.ownerId });
    const stay = await scope(after.teamId);
    const lost = [...(await scope(before.teamId))].filter((u) => !stay.has(u));
    if (lost.length) {
      ctx.changes.push({
        entity: 'callback',
        entityId: p.id,
        op: 'delete',
        teamId: null,
        assigneeId: null,
        targetUsers: lost,
        data: null,
      });
    }
    putCallback(ctx.changes, p, after.teamId);
  }
}

/**
 * An assignment or transfer with a handoff note: one transaction, so the next agent never gets the
 * conversation without the note. The note is written after the move, so it reaches the new
 * audience (and not people who just lost the conversation).
 */
const handoff: Handler<'conversation.handoff'> = async (ctx, args) => {
  await assign(ctx, {
    conversationId: args.conversationId,
    assigneeId: args.assigneeId,
    ...(args.teamId ? { teamId: args.teamId } : {}),
  });
  const row = await ctx.trx
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', args.conversationId)
    .executeTakeFirstOrThrow();
  const c = conversationFromRow(row);
  await insertMessage(ctx, c, {
    ...agentMessage(ctx, c, {
      id: args.noteId,
      direction: 'note',
      text: args.note,
      deliveryStatus: 'sent',
    }),
    handoff: true,
  });
};

const setStatus: Handler<'conversation.set-status'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  const patch = conversationPatches['conversation.set-status'](c, args, ctx.now);
  if (isNoop(c, patch)) return;
  await ctx.followUps.snoozeEnded(ctx.trx, c);
  await saveConversation(ctx, c, patch);
};

const snooze: Handler<'conversation.snooze'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  const problem = snoozeProblem(ctx.now, args.until);
  if (problem) throw new PromptlyError('invalid_input', problem);
  const patch = conversationPatches['conversation.snooze'](c, args, ctx.now);
  if (isNoop(c, patch)) return;
  // A new wake time replaces the old one: only the latest snooze may reopen the conversation.
  await ctx.followUps.snoozeEnded(ctx.trx, c);
  await ctx.followUps.snoozed(ctx.trx, await saveConversation(ctx, c, patch));
};

const setPriority: Handler<'conversation.set-priority'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  const patch = conversationPatches['conversation.set-priority'](c, args, ctx.now);
  if (!isNoop(c, patch)) await saveConversation(ctx, c, patch);
};

const setTags: Handler<'conversation.set-tags'> = async (ctx, args) => {
  const c = await lockVisibleConversation(ctx.trx, ctx.viewer, args.conversationId);
  const patch = conversationPatches['conversation.set-tags'](c, args, ctx.now);
  if (!isNoop(c, patch)) await saveConversation(ctx, c, patch);
};

export const conversationCommands: { [N in ConversationMutatorName]: Handler<N> } = {
  'conversation.reply': reply,
  'conversation.reply.v2': replyV2,
  'conversation.handoff': handoff,
  'conversation.note': note,
  'conversation.assign': assign,
  'conversation.set-status': setStatus,
  'conversation.snooze': snooze,
  'conversation.set-priority': setPriority,
  'conversation.set-tags': setTags,
};
