import { z } from 'zod';
import { TeamId, UUID_PATTERN, UserId } from '../logic/ids.ts';
import { Channel, ConversationStatus, Priority } from './conversation.ts';
import { LIMITS } from './limits.ts';

export const VIEW_NAME_MAX = 80;
/** Enough for every view an agent could want in a sidebar; bounds what one user can store. */
export const VIEWS_PER_USER_MAX = 100;
/** "Waiting more than…" beyond a month is not a triage filter. */
export const WAITING_FILTER_MAX_MS = 31 * 24 * 60 * 60 * 1000;

export const SavedViewId = z
  .string()
  .regex(UUID_PATTERN, 'must be a lowercase UUID')
  .brand('SavedViewId');
export type SavedViewId = z.infer<typeof SavedViewId>;

export const SlaState = z.enum(['ok', 'at_risk', 'breached']);
export type SlaState = z.infer<typeof SlaState>;

export const AssigneeFilter = z.enum(['me', 'unassigned', 'any']);
export type AssigneeFilter = z.infer<typeof AssigneeFilter>;

export const InboxSort = z.enum(['longest_waiting', 'newest', 'sla_due']);
export type InboxSort = z.infer<typeof InboxSort>;

const FilterTag = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.tag)
  .regex(/^[^\s,]+$/, 'tags have no spaces or commas');

/** An "any of" list: empty means no restriction; repeats are dropped rather than refused. */
const anyOf = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .default(() => [])
    .transform((items) => [...new Set(items)]);

/**
 * The shape of an inbox filter: every field narrows the inbox, an empty list or `null` does not.
 * Fields AND together; values within one list OR together.
 */
const inboxFilterShape = {
  channels: anyOf(Channel, Channel.options.length),
  statuses: anyOf(ConversationStatus, ConversationStatus.options.length),
  priorities: anyOf(Priority, Priority.options.length),
  tags: anyOf(FilterTag, 20),
  slaStates: anyOf(SlaState, SlaState.options.length),
  /** Only conversations whose customer has waited longer than this; null: any wait. */
  waitingMoreThanMs: z.number().int().min(0).max(WAITING_FILTER_MAX_MS).nullable().default(null),
  assignee: AssigneeFilter.default('any'),
  teamIds: anyOf(TeamId, 50),
  sort: InboxSort.default('longest_waiting'),
};

/**
 * A filter as stored and synced. Unknown keys are dropped, not refused: a newer hub may add a
 * criterion, and an older desktop must still read the rest of its sync page.
 */
export const InboxFilter = z.object(inboxFilterShape);
export type InboxFilter = z.infer<typeof InboxFilter>;

/** A filter as an agent submits it: a misspelt criterion is an error, not a silent "match all". */
export const InboxFilterInput = z.strictObject(inboxFilterShape);

/** The inbox with nothing narrowed: what a new view starts from. */
export const EMPTY_INBOX_FILTER: InboxFilter = InboxFilter.parse({});

/** A user's own named inbox filter; nobody else sees it, admins included. */
export const SavedView = z.object({
  id: SavedViewId,
  ownerId: UserId,
  name: z.string().max(VIEW_NAME_MAX),
  filter: InboxFilter,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  version: z.number().int().nonnegative(),
});
export type SavedView = z.infer<typeof SavedView>;
