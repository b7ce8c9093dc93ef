import { PromptlyError } from '#shared/logic/ack.ts';
import type { NotificationMutatorName } from '#shared/mutators/definitions.ts';
import { putNotification } from '../notifications.ts';
import { notificationFromRow } from '../records.ts';
import type { Handler } from './conversation-commands.ts';

/** Someone else's notification is "not found": its existence is its recipient's business. */
const markRead: Handler<'notification.mark-read'> = async (ctx, args) => {
  const row = await ctx.trx
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', args.notificationId)
    .where('user_id', '=', ctx.viewer.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new PromptlyError('not_found', 'That notification does not exist.');
  if (row.read_at !== null) return;
  const read = { ...notificationFromRow(row), readAt: ctx.now };
  await ctx.trx
    .updateTable('notifications')
    .set({ read_at: new Date(ctx.now) })
    .where('id', '=', row.id)
    .execute();
  putNotification(ctx.changes, read);
};

export const notificationCommands: { [N in NotificationMutatorName]: Handler<N> } = {
  'notification.mark-read': markRead,
};
