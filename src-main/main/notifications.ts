import type { NotificationRequest } from '#shared/contracts/ipc.ts';
import type { Logger } from './log.ts';

/** The slice of Electron's Notification we drive. */
export interface NativeNotification {
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
}

export interface NotifierDeps {
  isSupported: () => boolean;
  create: (options: { title: string; body: string; silent: boolean }) => NativeNotification;
  /** Brings the main window to the front (restoring or re-creating it). */
  revealWindow: () => void;
  onClicked: (payload: { conversationId: string }) => void;
  log: Logger;
}

export function createNotifier(deps: NotifierDeps): (request: NotificationRequest) => void {
  // Electron drops the click handler of a notification that gets garbage collected while still on
  // screen, so hold a reference until it is clicked or closed.
  const live = new Set<NativeNotification>();

  return ({ title, body, conversationId }) => {
    if (!deps.isSupported()) {
      deps.log.warn('native notifications are not supported on this system');
      return;
    }
    // Silent: the workspace plays its own tone when the agent has sound on, and none otherwise.
    const notification = deps.create({ title, body, silent: true });
    live.add(notification);
    notification.on('close', () => live.delete(notification));
    notification.on('click', () => {
      live.delete(notification);
      deps.revealWindow();
      if (conversationId !== undefined) deps.onClicked({ conversationId });
    });
    notification.show();
  };
}
