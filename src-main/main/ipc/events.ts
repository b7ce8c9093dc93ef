import type { z } from 'zod';
import type { ipcEvents, IpcEventName } from '#shared/contracts/ipc.ts';

export interface EventReceiver {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, payload: unknown): void;
}

export type SendEvent = <E extends IpcEventName>(
  name: E,
  payload: z.infer<(typeof ipcEvents)[E]>,
) => void;

/** Pushes a main → renderer event to every live window that is showing our own UI. */
export function createEventSender(deps: {
  targets: () => EventReceiver[];
  isOwnUrl: (url: string) => boolean;
}): SendEvent {
  return (name, payload) => {
    for (const target of deps.targets()) {
      if (!target.isDestroyed() && deps.isOwnUrl(target.getURL())) target.send(name, payload);
    }
  };
}
