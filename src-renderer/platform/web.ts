import { StoredSession } from '#shared/contracts/ipc.ts';
import type { Platform } from './types.ts';

const SESSION_KEY = 'promptly.session';

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
    if (!('Notification' in window)) return;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission !== 'granted') return;
    const n = new Notification(request.title, { body: request.body, tag: request.conversationId });
    n.onclick = () => window.focus();
  },
  async enableOfflineShell() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    if (import.meta.env.DEV) return;
    await navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((error: unknown) => {
      console.warn('Offline support is unavailable:', error);
    });
  },
};
