import { ipcEventChannels, ipcInvokeChannels } from '../../src-shared/contracts/ipc-channels.ts';

type InvokeMethod = (typeof ipcInvokeChannels)[keyof typeof ipcInvokeChannels];
type EventMethod = (typeof ipcEventChannels)[keyof typeof ipcEventChannels];

/**
 * `window.desktop` as built here. The precise per-method types (`DesktopApi`) live in
 * src-shared/contracts/ipc.ts, which the preload cannot import (it pulls in zod); the renderer uses
 * those, and the unit tests check that this object has exactly the contract's methods.
 */
export type DesktopBridge = Record<InvokeMethod, (...args: unknown[]) => Promise<unknown>> &
  Record<EventMethod, (listener: (payload: unknown) => void) => () => void>;

/** The slice of Electron's ipcRenderer the bridge uses. Never exposed itself. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * One named method per invoke channel and one subscribe method per event channel. Arguments go to
 * main untouched (main validates them); listeners get only the payload, never the IpcRendererEvent,
 * whose `sender` would hand the page a raw ipcRenderer.
 */
export function buildDesktopApi(ipcRenderer: IpcRendererLike): DesktopBridge {
  const api: Record<string, unknown> = {};

  for (const [channel, method] of Object.entries(ipcInvokeChannels)) {
    api[method] = (...args: unknown[]) => ipcRenderer.invoke(channel, ...args);
  }

  for (const [channel, method] of Object.entries(ipcEventChannels)) {
    api[method] = (listener: (payload: unknown) => void) => {
      if (typeof listener !== 'function') {
        throw new TypeError(`desktop.${method} needs a listener function`);
      }
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    };
  }

  return Object.freeze(api) as DesktopBridge;
}
