import type { NotificationRequest, StoredSession } from '#shared/contracts/ipc.ts';

/** What the workspace needs from wherever it runs: the Electron desktop or a plain browser. */
export interface Platform {
  kind: 'desktop' | 'web';
  /** The hub this workspace talks to; waits for the embedded hub on the desktop. */
  hubUrl(): Promise<string>;
  loadSession(): Promise<StoredSession | null>;
  saveSession(session: StoredSession | null): Promise<void>;
  notify(request: NotificationRequest): Promise<void>;
  /** Makes the workspace itself available with no network (the desktop loads from disk already). */
  enableOfflineShell(): Promise<void>;
}
