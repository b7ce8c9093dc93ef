import { z } from 'zod';
import { type IpcChannel, ipcContract } from '#shared/contracts/ipc.ts';
import type { Logger } from '../log.ts';
import type { IpcHandlers } from './handlers.ts';

/** What we read from an invoke event; Electron's IpcMainInvokeEvent satisfies it. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface RegisterIpcDeps {
  ipcMain: IpcMainLike;
  /** True for frames showing our own UI (see origin.ts). */
  isOwnUrl: (url: string) => boolean;
  handlers: IpcHandlers;
  log: Logger;
}

/**
 * Registers every channel of the contract behind the same gate: the caller must be our own UI,
 * the arguments must match the contract's schema, and so must what the handler returns.
 * Returns a function that removes the handlers again.
 */
export function registerIpcHandlers({
  ipcMain,
  isOwnUrl,
  handlers,
  log,
}: RegisterIpcDeps): () => void {
  const channels = Object.keys(ipcContract) as IpcChannel[];
  for (const channel of channels) {
    const { args: argsSchema, result: resultSchema } = ipcContract[channel];
    // The mapped type loses the link between a channel and its own args; the schema restores it.
    const handler = handlers[channel] as (...args: unknown[]) => unknown;

    ipcMain.handle(channel, async (event, ...rawArgs) => {
      const senderUrl = event.senderFrame?.url ?? '';
      if (!isOwnUrl(senderUrl)) {
        log.warn(`refused ${channel} from a frame that is not our UI: ${senderUrl.slice(0, 200)}`);
        throw new Error(`${channel}: refused, the caller is not the Promptly UI`);
      }
      const parsed = argsSchema.safeParse(rawArgs);
      if (!parsed.success) {
        throw new Error(`${channel}: invalid arguments\n${z.prettifyError(parsed.error)}`);
      }
      const result = await handler(...parsed.data);
      const checked = resultSchema.safeParse(result);
      if (!checked.success) {
        // Our bug, not the caller's: log the detail, keep the message to the renderer short.
        log.error(`${channel}: handler returned a value outside the contract`, checked.error);
        throw new Error(`${channel}: internal error`);
      }
      return checked.data;
    });
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
