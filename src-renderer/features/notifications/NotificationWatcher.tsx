import { useEffect } from 'react';
import { liveQuery } from 'dexie';
import { useDb } from '../../data/db-context.tsx';
import { platform } from '../../platform/index.ts';
import { useAppStore } from '../../app/store.ts';
import { claimNew } from './claim.ts';
import { playChime } from './chime.ts';
import { CATCH_UP_MS, toRequests } from './new-notifications.ts';
import { useOpenFromNotification } from './open.ts';

/**
 * Tells the agent when a notification arrives: a native notification on the desktop, a browser
 * one on the web, and a tone if they want one. Renders nothing; the center shows the list.
 */
export function NotificationWatcher({ userId }: { userId: string }) {
  const db = useDb();
  const open = useOpenFromNotification();

  useEffect(() => platform.onNotificationClicked((id) => void open(id)), [open]);

  useEffect(() => {
    const sessionStart = Date.now();
    // One claim at a time: each sees the mark the previous one stored.
    let queue = Promise.resolve();
    const check = () => {
      queue = queue.then(async () => {
        const fresh = await claimNew(db, userId, sessionStart);
        const settings = useAppStore.getState().notify;
        if (fresh.length === 0 || settings.doNotDisturb) return;
        if (settings.sound) playChime();
        if (!settings.system || platform.notificationPermission() !== 'granted') return;
        for (const request of toRequests(fresh)) await platform.notify(request);
      });
      queue = queue.catch((error: unknown) => console.warn('Cannot show notifications:', error));
    };
    // Wakes on any change to recent notifications; claimNew decides what is news.
    const subscription = liveQuery(() =>
      db.notifications
        .where('createdAt')
        .above(sessionStart - CATCH_UP_MS)
        .primaryKeys(),
    ).subscribe({ next: check, error: (e: unknown) => console.warn(e) });
    return () => subscription.unsubscribe();
  }, [db, userId]);

  return null;
}
