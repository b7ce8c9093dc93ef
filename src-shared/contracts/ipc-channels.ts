/**
 * Channel → `window.desktop` method names, with no runtime dependencies, so the sandboxed preload
 * can bundle it without pulling in zod. `ipc.ts` holds the schemas and is checked against this.
 */
export const ipcInvokeChannels = {
  'app:get-info': 'getAppInfo',
  'hub:get-connection': 'getHubConnection',
  'settings:set-server-url': 'setServerUrl',
  'session:load': 'loadSession',
  'session:save': 'saveSession',
  'notify:show': 'showNotification',
  'shell:open-external': 'openExternal',
} as const;

export const ipcEventChannels = {
  'hub:connection-changed': 'onHubConnectionChanged',
  'notify:clicked': 'onNotificationClicked',
} as const;
