import type { Insertable, Selectable } from 'kysely';
import type { Conversation } from '#shared/domain/conversation.ts';
import { preferencesOf, type Customer } from '#shared/domain/customer.ts';
import type { Message } from '#shared/domain/message.ts';
import type { CallbackPromise } from '#shared/domain/callback.ts';
import type { Identity } from '#shared/domain/identity.ts';
import type { Notification } from '#shared/domain/notification.ts';
import type { CannedResponse } from '#shared/domain/canned-response.ts';
import { InboxFilter, type SavedView } from '#shared/domain/view.ts';
import type { SurveyResponse } from '#shared/domain/survey.ts';
import type {
  CallbackPromisesTable,
  CannedResponsesTable,
  SavedViewsTable,
  SurveyResponsesTable,
  ConversationsTable,
  CustomerIdentitiesTable,
  CustomersTable,
  MessagesTable,
  NotificationsTable,
} from '../store/schema.ts';

/**
 * Database rows ↔ wire records. Rows come from SQL we wrote, so they are trusted and mapped with
 * casts; everything arriving from outside is parsed with zod before it becomes a row.
 */
const ms = (d: Date | string): number => (d instanceof Date ? d.getTime() : new Date(d).getTime());
const msOrNull = (d: Date | string | null): number | null => (d === null ? null : ms(d));
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

export function conversationFromRow(r: Selectable<ConversationsTable>): Conversation {
  return {
    id: r.id,
    customerId: r.customer_id,
    channel: r.channel,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    tags: r.tags,
    teamId: r.team_id,
    assigneeId: r.assignee_id,
    firstMessageId: r.first_message_id,
    preview: r.preview,
    lastMessageAt: ms(r.last_message_at),
    waitingSince: msOrNull(r.waiting_since),
    snoozedUntil: msOrNull(r.snoozed_until),
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
    version: r.version,
  } as Conversation;
}

export function conversationToRow(c: Conversation): Insertable<ConversationsTable> {
  return {
    id: c.id,
    customer_id: c.customerId,
    channel: c.channel,
    subject: c.subject,
    status: c.status,
    priority: c.priority,
    tags: c.tags,
    team_id: c.teamId,
    assignee_id: c.assigneeId,
    first_message_id: c.firstMessageId,
    preview: c.preview,
    last_message_at: new Date(c.lastMessageAt),
    waiting_since: c.waitingSince === null ? null : new Date(c.waitingSince),
    snoozed_until: c.snoozedUntil === null ? null : new Date(c.snoozedUntil),
    created_at: new Date(c.createdAt),
    updated_at: new Date(c.updatedAt),
    version: c.version,
  };
}

export function customerFromRow(r: Selectable<CustomersTable>): Customer {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    timezone: r.timezone,
    company: r.company,
    notes: r.notes,
    preferences: preferencesOf({ preferences: json(r.preferences) }),
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
  } as Customer;
}

export function customerToRow(c: Customer): Insertable<CustomersTable> {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    timezone: c.timezone,
    company: c.company,
    notes: c.notes,
    preferences: JSON.stringify(preferencesOf(c)),
    created_at: new Date(c.createdAt),
    updated_at: new Date(c.updatedAt),
  };
}

export function messageFromRow(r: Selectable<MessagesTable>): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    customerId: r.customer_id,
    direction: r.direction,
    channel: r.channel,
    authorType: r.author_type,
    authorId: r.author_id,
    authorName: r.author_name,
    text: r.text,
    html: r.html,
    attachments: json(r.attachments),
    call: r.call === null ? null : json(r.call),
    deliveryStatus: r.delivery_status,
    ...(r.mentions.length > 0 ? { mentions: r.mentions } : {}),
    ...(r.handoff ? { handoff: true } : {}),
    createdAt: ms(r.created_at),
  } as Message;
}

export function messageToRow(m: Message): Insertable<MessagesTable> {
  return {
    id: m.id,
    conversation_id: m.conversationId,
    customer_id: m.customerId,
    direction: m.direction,
    channel: m.channel,
    author_type: m.authorType,
    author_id: m.authorId,
    author_name: m.authorName,
    text: m.text,
    html: m.html,
    attachments: JSON.stringify(m.attachments),
    call: m.call === null ? null : JSON.stringify(m.call),
    delivery_status: m.deliveryStatus,
    mentions: m.mentions ?? [],
    handoff: m.handoff ?? false,
    created_at: new Date(m.createdAt),
  };
}

export function identityFromRow(r: Selectable<CustomerIdentitiesTable>): Identity {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    value: r.value,
    createdAt: ms(r.created_at),
  } as Identity;
}

export function identityToRow(i: Identity): Insertable<CustomerIdentitiesTable> {
  return {
    id: i.id,
    customer_id: i.customerId,
    kind: i.kind,
    value: i.value,
    created_at: new Date(i.createdAt),
  };
}

export function callbackFromRow(r: Selectable<CallbackPromisesTable>): CallbackPromise {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    customerId: r.customer_id,
    ownerId: r.owner_id,
    channel: r.channel,
    dueAt: ms(r.due_at),
    windowEndAt: msOrNull(r.window_end_at),
    timezone: r.timezone,
    note: r.note,
    status: r.status,
    history: json(r.history),
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
    version: r.version,
  } as CallbackPromise;
}

export function callbackToRow(p: CallbackPromise): Insertable<CallbackPromisesTable> {
  return {
    id: p.id,
    conversation_id: p.conversationId,
    customer_id: p.customerId,
    owner_id: p.ownerId,
    channel: p.channel,
    due_at: new Date(p.dueAt),
    window_end_at: p.windowEndAt === null ? null : new Date(p.windowEndAt),
    timezone: p.timezone,
    note: p.note,
    status: p.status,
    history: JSON.stringify(p.history),
    created_at: new Date(p.createdAt),
    updated_at: new Date(p.updatedAt),
    version: p.version,
  };
}

export function notificationFromRow(r: Selectable<NotificationsTable>): Notification {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    refs: json(r.refs),
    createdAt: ms(r.created_at),
    readAt: msOrNull(r.read_at),
  } as Notification;
}

export function notificationToRow(n: Notification): Insertable<NotificationsTable> {
  return {
    id: n.id,
    user_id: n.userId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    refs: JSON.stringify(n.refs),
    created_at: new Date(n.createdAt),
    read_at: n.readAt === null ? null : new Date(n.readAt),
  };
}

export function cannedFromRow(r: Selectable<CannedResponsesTable>): CannedResponse {
  return {
    id: r.id,
    teamId: r.team_id,
    title: r.title,
    shortcut: r.shortcut,
    body: r.body,
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
    version: r.version,
  } as CannedResponse;
}

export function cannedToRow(
  c: CannedResponse,
  createdBy: string | null,
): Insertable<CannedResponsesTable> {
  return {
    id: c.id,
    team_id: c.teamId,
    title: c.title,
    shortcut: c.shortcut,
    body: c.body,
    created_by: createdBy,
    created_at: new Date(c.createdAt),
    updated_at: new Date(c.updatedAt),
    version: c.version,
  };
}

export function viewFromRow(r: Selectable<SavedViewsTable>): SavedView {
  return {
    id: r.id,
    ownerId: r.owner_id,
    name: r.name,
    // Parsed, not cast: a view saved before a criterion existed gets that criterion's default.
    filter: InboxFilter.parse(json(r.filter)),
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
    version: r.version,
  } as SavedView;
}

export function viewToRow(v: SavedView): Insertable<SavedViewsTable> {
  return {
    id: v.id,
    owner_id: v.ownerId,
    name: v.name,
    filter: JSON.stringify(v.filter),
    created_at: new Date(v.createdAt),
    updated_at: new Date(v.updatedAt),
    version: v.version,
  };
}

export function surveyFromRow(r: Selectable<SurveyResponsesTable>): SurveyResponse {
  return {
    id: r.id,
    kind: r.kind,
    score: r.score,
    comment: r.comment,
    conversationId: r.conversation_id,
    customerId: r.customer_id,
    agentId: r.agent_id,
    teamId: r.team_id,
    createdAt: ms(r.created_at),
  } as SurveyResponse;
}

export function surveyToRow(s: SurveyResponse): Insertable<SurveyResponsesTable> {
  return {
    id: s.id,
    kind: s.kind,
    score: s.score,
    comment: s.comment,
    conversation_id: s.conversationId,
    customer_id: s.customerId,
    agent_id: s.agentId,
    team_id: s.teamId,
    created_at: new Date(s.createdAt),
  };
}
