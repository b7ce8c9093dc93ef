import { z } from 'zod';
import { Change } from '../domain/change.ts';
import { Conversation } from '../domain/conversation.ts';
import { Message } from '../domain/message.ts';
import { ConversationId } from '../logic/ids.ts';
import { MutationEnvelope, MutationResult } from '../mutators/definitions.ts';

/** The socket.io namespace desktops and web workspaces connect to. */
export const AGENT_NAMESPACE = '/agent';

export const SYNC_PAGE_MAX = 1000;

export const SyncPullArgs = z.strictObject({
  /** The last seq this client applied; 0 for a fresh cache. */
  cursor: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(SYNC_PAGE_MAX).optional(),
});
export type SyncPullArgs = z.infer<typeof SyncPullArgs>;

export const SyncPullResult = z.object({
  changes: z.array(Change),
  /** Where the next pull starts. It advances past changes this user may not see. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type SyncPullResult = z.infer<typeof SyncPullResult>;

/**
 * Client → hub events. Every entry is parsed on the hub before its handler runs, and every ack is
 * `{ok:true, value}` or `{ok:false, code, message}`.
 */
export const ConversationFetchResult = z.object({
  conversation: Conversation,
  messages: z.array(Message),
});

export const clientEvents = {
  'sync:pull': { args: SyncPullArgs, ack: SyncPullResult },
  /** Runs one mutator; replaying an id returns the stored result and changes nothing. */
  mutate: { args: MutationEnvelope, ack: MutationResult },
  /** One conversation and its whole thread, e.g. to restore truth after a rejected mutation. */
  'conversation:fetch': {
    args: z.strictObject({ conversationId: ConversationId }),
    ack: ConversationFetchResult,
  },
} as const;
export type ClientEventName = keyof typeof clientEvents;
export type ClientEventArgs<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['args']>;
export type ClientEventResult<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['ack']>;

export const SyncPoke = z.object({ seq: z.number().int().nonnegative() });

/** Hub → client events. */
export const serverEvents = {
  /** There are changes past `seq`; pull them. Carries no data, so it is safe to over-deliver. */
  'sync:poke': SyncPoke,
} as const;
export type ServerEventName = keyof typeof serverEvents;

/** The message of the connect_error a client receives when the socket handshake is refused. */
export const CONNECT_ERROR = {
  unauthorized: 'unauthorized',
} as const;
