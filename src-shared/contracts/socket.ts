import { z } from 'zod';
import { Change } from '../domain/change.ts';
import { Conversation } from '../domain/conversation.ts';
import { Message } from '../domain/message.ts';
import { Customer } from '../domain/customer.ts';
import { Agent, Team } from '../domain/user.ts';
import { Notification } from '../domain/notification.ts';
import { Identity } from '../domain/identity.ts';
import { CallbackPromise } from '../domain/callback.ts';
import { CannedResponse } from '../domain/canned-response.ts';
import { SavedView } from '../domain/view.ts';
import { SurveyResponse } from '../domain/survey.ts';
import { ConversationId, CustomerId } from '../logic/ids.ts';
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

export const PresenceStatus = z.enum(['online', 'away', 'offline']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;

export const PresenceEntry = z.object({ userId: z.string(), status: PresenceStatus });
export type PresenceEntry = z.infer<typeof PresenceEntry>;

export const Viewer = z.object({ userId: z.string(), name: z.string(), typing: z.boolean() });
export const ConversationViewers = z.object({
  conversationId: z.string(),
  viewers: z.array(Viewer),
});
export type ConversationViewers = z.infer<typeof ConversationViewers>;

/** `head.cutoffMs.afterConversationId`: where a paged snapshot resumes, and what it is as of. */
export const SNAPSHOT_PAGE_PATTERN = /^\d{1,15}\.\d{1,15}\.([0-9a-f-]{36})?$/;

export const SyncSnapshotArgs = z.strictObject({
  page: z.string().regex(SNAPSHOT_PAGE_PATTERN, 'malformed snapshot page').optional(),
  /** How far back the snapshot reaches; older history is fetched when a customer is opened. */
  windowDays: z.number().int().min(1).max(3650).default(90),
});

/** A list an older hub does not send yet: absent reads as empty, so old hubs stay usable. */
const laterList = <T extends z.ZodType>(item: T) => z.array(item).default(() => []);

export const SyncSnapshotPage = z.object({
  conversations: z.array(Conversation),
  messages: z.array(Message),
  customers: z.array(Customer),
  agents: z.array(Agent),
  teams: z.array(Team),
  /** The user's own notifications, on the first page only (absent from older hubs). */
  notifications: z.array(Notification).default([]),
  /** Identities of this page's customers. */
  identities: laterList(Identity),
  /**
   * Promises of this page's conversations; the first page adds every open promise the user may
   * see, wherever its conversation is, so no reminder depends on the window.
   */
  callbacks: laterList(CallbackPromise),
  /** Surveys answered about this page's conversations. */
  surveys: laterList(SurveyResponse),
  /** First page only: the canned responses this user may use. */
  canned: laterList(CannedResponse),
  /** First page only: this user's saved views. */
  views: laterList(SavedView),
  /** The change-log position to follow from once every page is stored. */
  cursor: z.number().int().nonnegative(),
  nextPage: z.string().nullable(),
});
export type SyncSnapshotPage = z.infer<typeof SyncSnapshotPage>;

export const CustomerHistory = z.object({
  conversations: z.array(Conversation),
  messages: z.array(Message),
  /** Null when the user sees none of the customer's conversations. */
  customer: Customer.nullable().default(null),
  identities: laterList(Identity),
  callbacks: laterList(CallbackPromise),
  surveys: laterList(SurveyResponse),
});
export type CustomerHistory = z.infer<typeof CustomerHistory>;

export const clientEvents = {
  'sync:pull': { args: SyncPullArgs, ack: SyncPullResult },
  /** A customer's conversations this user may see, of any age, with their threads. */
  'customer:history': {
    args: z.strictObject({ customerId: CustomerId }),
    ack: CustomerHistory,
  },
  /** A fresh desktop's bootstrap: the recent window, paged, then it follows the log. */
  'sync:snapshot': { args: SyncSnapshotArgs, ack: SyncSnapshotPage },
  /** Runs one mutator; replaying an id returns the stored result and changes nothing. */
  mutate: { args: MutationEnvelope, ack: MutationResult },
  /** One conversation and its whole thread, e.g. to restore truth after a rejected mutation. */
  'conversation:fetch': {
    args: z.strictObject({ conversationId: ConversationId }),
    ack: ConversationFetchResult,
  },
  /** This desktop's agent is at the keyboard or not; offline is implied by disconnecting. */
  'presence:set': { args: z.strictObject({ status: z.enum(['online', 'away']) }), ack: z.null() },
  /** Everyone's presence, across every hub node. */
  'presence:list': { args: z.strictObject({}), ack: z.array(PresenceEntry) },
  /** Which conversation this desktop has open (null: none) and whether its agent is typing. */
  'conversation:view': {
    args: z.strictObject({
      conversationId: ConversationId.nullable(),
      typing: z.boolean().default(false),
    }),
    ack: ConversationViewers.nullable(),
  },
  /** Every conversation someone has open that this user may see: the inbox rows' starting point. */
  'viewing:list': { args: z.strictObject({}), ack: z.array(ConversationViewers) },
} as const;
export type ClientEventName = keyof typeof clientEvents;
export type ClientEventArgs<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['args']>;
export type ClientEventResult<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['ack']>;

/**
 * Changes a poke carries: every change in (after, seq] this socket may see, in seq order. A
 * client whose cursor is at least `after` applies the ones past its cursor and moves its cursor
 * to the poke's `seq` without pulling; any other client pulls (see logic/carried.ts).
 */
export const CarriedChanges = z.object({
  after: z.number().int().nonnegative(),
  changes: z.array(Change).max(SYNC_PAGE_MAX),
});

export const SyncPoke = z
  .object({
    seq: z.number().int().nonnegative(),
    carried: CarriedChanges.optional(),
  })
  .refine(
    ({ seq, carried }) =>
      !carried ||
      (carried.after < seq &&
        carried.changes.every(
          (c, i) => c.seq > (i === 0 ? carried.after : carried.changes[i - 1]!.seq) && c.seq <= seq,
        )),
    'carried changes must be in (after, seq], in seq order',
  );
export type SyncPoke = z.infer<typeof SyncPoke>;

/** Hub → client events. */
export const serverEvents = {
  /**
   * The log has grown through `seq`: pull, unless the poke carries the changes (only ever the
   * ones this socket may see). A plain poke carries no data, so it is safe to over-deliver.
   */
  'sync:poke': SyncPoke,
  /** An agent's presence changed. */
  'presence:changed': PresenceEntry,
  /** Who has a conversation open now (sent to everyone viewing it). */
  'conversation:viewers': ConversationViewers,
  /** Who has a conversation open now (sent to everyone who may see it, for the inbox rows). */
  'inbox:viewing': ConversationViewers,
} as const;
export type ServerEventName = keyof typeof serverEvents;

/** The message of the connect_error a client receives when the socket handshake is refused. */
export const CONNECT_ERROR = {
  unauthorized: 'unauthorized',
} as const;
