import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  NOTIFICATION_BODY_MAX,
  NOTIFICATION_TITLE_MAX,
  type Notification,
} from '#shared/domain/notification.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import type { Database } from '../store/schema.ts';
import type { ChangeInput } from './changes.ts';
import { notificationToRow } from './records.ts';

export type NotificationDraft = Pick<Notification, 'userId' | 'kind' | 'title' | 'body' | 'refs'>;

/** A notification is its recipient's alone: the change log sends it to nobody else. */
export function putNotification(changes: ChangeInput[], n: Notification) {
  changes.push({
    entity: 'notification',
    entityId: n.id,
    op: 'put',
    teamId: null,
    assigneeId: null,
    targetUsers: [n.userId],
    data: n,
  });
}

/** Stores notifications inside the caller's write, so they exist exactly if the event does. */
export async function notify(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  drafts: readonly NotificationDraft[],
  now: number,
): Promise<Notification[]> {
  if (drafts.length === 0) return [];
  const made = drafts.map((d): Notification => ({
    ...d,
    id: formatUuidV7(now, randomBytes(10)) as Notification['id'],
    title: clip(d.title, NOTIFICATION_TITLE_MAX),
    body: clip(d.body, NOTIFICATION_BODY_MAX),
    createdAt: now,
    readAt: null,
  }));
  await trx.insertInto('notifications').values(made.map(notificationToRow)).execute();
  for (const n of made) putNotification(changes, n);
  return made;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Minute precision in UTC: the desktop shows the promise itself (from refs) in local time. */
const utcMinute = (ms: number) =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/*
 * Texts are built from staff names and times only. Customer-supplied text (names, subjects,
 * messages) never goes into a notification, which a desktop may show as a native OS notification.
 */
export const notificationText = {
  callbackMissed(input: { ownerName: string; forOwner: boolean; deadline: number }) {
    const whose = input.forOwner ? 'Your' : `${input.ownerName}’s`;
    return {
      title: 'Callback missed',
      body: `${whose} callback promised by ${utcMinute(input.deadline)} was not made.`,
    };
  },
  mention(input: { authorName: string }) {
    return { title: `${input.authorName} mentioned you`, body: 'In an internal note.' };
  },
  assignment(input: { actorName: string }) {
    return { title: `${input.actorName} assigned you a conversation`, body: '' };
  },
  sla(input: {
    phase: 'at_risk' | 'breached';
    priority: string;
    dueAt: number;
    mine: boolean;
    now: number;
  }) {
    const whose = input.mine ? 'Your' : 'A';
    if (input.phase === 'breached') {
      return {
        title: 'Reply target missed',
        body: `${whose} ${input.priority}-priority conversation was due for a reply at ${utcMinute(input.dueAt)}.`,
      };
    }
    const minutes = Math.max(1, Math.round((input.dueAt - input.now) / 60_000));
    return {
      title: 'Reply due soon',
      body: `${whose} ${input.priority}-priority conversation needs a reply within ${minutes} min (by ${utcMinute(input.dueAt)}).`,
    };
  },
  slaSummary(input: { phase: 'at_risk' | 'breached'; count: number }) {
    return input.phase === 'breached'
      ? {
          title: `${input.count} more reply targets missed`,
          body: 'See the inbox, sorted by SLA due.',
        }
      : {
          title: `${input.count} more replies due soon`,
          body: 'See the inbox, sorted by SLA due.',
        };
  },
};
