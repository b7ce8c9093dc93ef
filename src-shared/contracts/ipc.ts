import { z } from 'zod';
import { ipcEventChannels, ipcInvokeChannels } from './ipc-channels.ts';

/**
 * The whole surface between the renderer and the Electron main process. The preload exposes one
 * named method per entry on `window.desktop`; main parses `args` with the schema before the handler
 * runs and checks the sender frame. Channel names are `domain:verb-noun`.
 */
export const HubConnection = z.object({
  url: z.string(),
  embedded: z.boolean(),
  state: z.enum(['starting', 'ready', 'error']),
  error: z.string().nullable(),
});
export type HubConnection = z.infer<typeof HubConnection>;

export const ServerUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .refine((u) => !/[\s]/.test(u), 'must not contain spaces');

export const StoredSession = z.object({
  hubUrl: z.string().max(2048),
  token: z.string().min(1).max(512),
  userId: z.string().max(64),
});
export type StoredSession = z.infer<typeof StoredSession>;

export const NotificationRequest = z.strictObject({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  /** Opened when the agent clicks the notification. */
  conversationId: z.string().max(64).optional(),
});
export type NotificationRequest = z.infer<typeof NotificationRequest>;

export const ExternalUrl = z
  .string()
  .max(2048)
  .refine((u) => /^(https:\/\/|mailto:|tel:)/i.test(u), 'only https, mailto and tel links open');

export const ipcContract = {
  'app:get-info': {
    method: 'getAppInfo',
    args: z.tuple([]),
    result: z.object({ version: z.string(), platform: z.string() }),
  },
  'hub:get-connection': {
    method: 'getHubConnection',
    args: z.tuple([]),
    result: HubConnection,
  },
  'settings:set-server-url': {
    method: 'setServerUrl',
    /** null switches back to the embedded hub. */
    args: z.tuple([ServerUrl.nullable()]),
    result: HubConnection,
  },
  'session:load': {
    method: 'loadSession',
    args: z.tuple([]),
    result: StoredSession.nullable(),
  },
  'session:save': {
    method: 'saveSession',
    args: z.tuple([StoredSession.nullable()]),
    result: z.null(),
  },
  'notify:show': {
    method: 'showNotification',
    args: z.tuple([NotificationRequest]),
    result: z.null(),
  },
  'shell:open-external': {
    method: 'openExternal',
    args: z.tuple([ExternalUrl]),
    result: z.null(),
  },
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcArgs<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['args']>;
export type IpcResult<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['result']>;

/** The invoke half of `window.desktop`, derived from the contract so the two never drift. */
export type DesktopInvokeApi = {
  [C in IpcChannel as (typeof ipcContract)[C]['method']]: (
    ...args: IpcArgs<C>
  ) => Promise<IpcResult<C>>;
};

/** Main → renderer pushes (the preload exposes a subscribe method for each). */
export const ipcEvents = {
  'hub:connection-changed': HubConnection,
  'notify:clicked': z.object({ conversationId: z.string().max(64) }),
} as const;
export type IpcEventName = keyof typeof ipcEvents;

export type DesktopEvents = {
  [E in IpcEventName as (typeof ipcEventChannels)[E]]: (
    listener: (payload: z.infer<(typeof ipcEvents)[E]>) => void,
  ) => () => void;
};

// Compile-time proof that the zod-free name table and the schema table describe the same API.
type MethodsOf<T> = { [K in keyof T]: T[K] extends { method: infer M } ? M : never };
const invokeNamesMatch: { [C in IpcChannel]: MethodsOf<typeof ipcContract>[C] } = ipcInvokeChannels;
const eventNamesMatch: Record<IpcEventName, string> = ipcEventChannels;
void invokeNamesMatch;
void eventNamesMatch;

/** `window.desktop` as the preload exposes it. */
export type DesktopApi = DesktopInvokeApi & DesktopEvents;
