import { StoredSession } from '#shared/contracts/ipc.ts';
import type { NotificationAccess, Platform } from './types.ts';

const SESSION_KEY = 'promptly.session';

const clickListeners = new Set<(conversationId: string) => void>();

function permission(): NotificationAccess {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

/**
 * The browser build. The session token lives in localStorage: the page's CSP allows no foreign
 * script, and the token is opaque and revocable on the hub.
 */
export const webPlatform: Platform = {
  kind: 'web',
  hubUrl: async () => window.location.origin,
  async loadSession() {
    const raw = window.localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    try {
      const parsed = StoredSession.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  },
  async saveSession(session) {
    if (session) window.localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else window.localStorage.removeItem(SESSION_KEY);
  },
  async notify(request) {
    // Never prompts: a permission request out of the blue is what browsers (rightly) penalize.
    if (permission() !== 'granted') return;
    const n = new Notification(request.title, {
      body: request.body,
      silent: true,
      ...(request.conversationId ? { tag: request.conversationId } : {}),
    });
    n.onclick = () => {
      window.focus();
      n.close();
      const id = request.conversationId;
      if (id !== undefined) for (const listener of clickListeners) listener(id);
    };
  },
  onNotificationClicked(listener) {
    clickListeners.add(listener);
    return () => void clickListeners.delete(listener);
  },
  notificationPermission: permission,
  async requestNotificationPermission() {
    if (permission() !== 'default') return permission();
    return Notification.requestPermission();
  },
  async enableOfflineShell() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    if (import.meta.env.DEV) return;
    await navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((error: unknown) => {
      console.warn('Offline support is unavailable:', error);
    });
  },
};
