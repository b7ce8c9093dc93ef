import type { IpcArgs, IpcChannel, IpcResult } from '#shared/contracts/ipc.ts';
import type { OpenExternal } from '../external-links.ts';
import type { HubConnectionService } from '../hub/hub-connection.ts';
import type { SecureSessionStore } from '../secure-session.ts';

/** One function per contract channel; arguments arrive already parsed by `registerIpcHandlers`. */
export type IpcHandlers = {
  [C in IpcChannel]: (...args: IpcArgs<C>) => Promise<IpcResult<C>> | IpcResult<C>;
};

export interface IpcHandlerDeps {
  appInfo: { version: string; platform: string };
  hub: Pick<HubConnectionService, 'current' | 'setServerUrl'>;
  session: SecureSessionStore;
  notify: (request: IpcArgs<'notify:show'>[0]) => void;
  openExternal: OpenExternal;
}

export function createIpcHandlers(deps: IpcHandlerDeps): IpcHandlers {
  return {
    'app:get-info': () => ({ ...deps.appInfo }),
    'hub:get-connection': () => deps.hub.current(),
    'settings:set-server-url': (url) => deps.hub.setServerUrl(url),
    'session:load': () => deps.session.load(),
    'session:save': async (session) => {
      await deps.session.save(session);
      return null;
    },
    'notify:show': (request) => {
      deps.notify(request);
      return null;
    },
    'shell:open-external': async (url) => {
      await deps.openExternal(url);
      return null;
    },
  };
}
