import type { DesktopApi, HubConnection } from '#shared/contracts/ipc.ts';
import type { Platform } from './types.ts';

function waitForHub(desktop: DesktopApi): Promise<string> {
  return new Promise((resolve, reject) => {
    const settle = (c: HubConnection) => {
      if (c.state === 'ready') resolve(c.url);
      else if (c.state === 'error')
        reject(new Error(c.error ?? 'The embedded hub failed to start.'));
      else return false;
      return true;
    };
    const off = desktop.onHubConnectionChanged((c) => {
      if (settle(c)) off();
    });
    desktop.getHubConnection().then((c) => {
      if (settle(c)) off();
    }, reject);
  });
}

export function desktopPlatform(desktop: DesktopApi): Platform {
  return {
    kind: 'desktop',
    hubUrl: () => waitForHub(desktop),
    loadSession: () => desktop.loadSession(),
    saveSession: async (session) => {
      await desktop.saveSession(session);
    },
    notify: async (request) => {
      await desktop.showNotification(request);
    },
    onNotificationClicked: (listener) =>
      desktop.onNotificationClicked(({ conversationId }) => listener(conversationId)),
    notificationPermission: () => 'granted',
    requestNotificationPermission: async () => 'granted',
    enableOfflineShell: async () => undefined,
  };
}
