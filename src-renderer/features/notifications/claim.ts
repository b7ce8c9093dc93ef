import type { Notification } from '#shared/domain/notification.ts';
import { readMeta, type PromptlyDb } from '../../data/db.ts';
import { lowerBound, pickNew } from './new-notifications.ts';

/**
 * Takes the notifications that are news for this desktop and moves the stored mark past them in
 * one transaction, so two tabs of the web workspace (or a quick double trigger) never both show
 * the same one.
 */
export async function claimNew(
  db: PromptlyDb,
  userId: string,
  sessionStart: number,
): Promise<Notification[]> {
  return db.transaction('rw', db.notifications, db.meta, async () => {
    const mark = (await readMeta(db, 'notifiedUpTo')) ?? null;
    const candidates = await db.notifications
      .where('createdAt')
      .above(lowerBound(mark, sessionStart))
      .toArray();
    const next = pickNew({ candidates, userId, mark, sessionStart });
    if (JSON.stringify(next.mark) !== JSON.stringify(mark)) {
      await db.meta.put({ key: 'notifiedUpTo', value: next.mark });
    }
    return next.fresh;
  });
}
