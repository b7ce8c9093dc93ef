import type { NotificationRequest, StoredSession } from '#shared/contracts/ipc.ts';

export type NotificationAccess = 'granted' | 'denied' | 'default' | 'unsupported';

/** What the workspace needs from wherever it runs: the Electron desktop or a plain browser. */
export interface Platform {
  kind: 'desktop' | 'web';
  /** The hub this workspace talks to; waits for the embedded hub on the desktop. */
  hubUrl(): Promise<string>;
  loadSession(): Promise<StoredSession | null>;
  saveSession(session: StoredSession | null): Promise<void>;
  /** Shows a system notification, silently (the workspace plays its own sound, or none). */
  notify(request: NotificationRequest): Promise<void>;
  /** The agent clicked a notification that named a conversation. Returns an unsubscribe. */
  onNotificationClicked(listener: (conversationId: string) => void): () => void;
  /** Whether system notifications may be shown; the desktop's main process always allows ours. */
  notificationPermission(): NotificationAccess;
  /** Asks the browser; call it from a user gesture only (a click), never on load. */
  requestNotificationPermission(): Promise<NotificationAccess>;
  /** Makes the workspace itself available with no network (the desktop loads from disk already). */
  enableOfflineShell(): Promise<void>;
}
