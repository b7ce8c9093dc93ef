import type { HubConnection } from '#shared/contracts/ipc.ts';
import type { Logger } from '../log.ts';
import type { SettingsStore } from '../settings.ts';
import { createEmbeddedHub, type ForkHub, type HubTiming } from './embedded-hub.ts';

export interface HubConnectionService {
  current(): HubConnection;
  /** Connects per the saved settings: the team server if one is set, else the embedded hub. */
  start(): void;
  /** Persists the choice, then stops or starts the embedded hub to match. */
  setServerUrl(url: string | null): Promise<HubConnection>;
  /** Stops the embedded hub (app quit). */
  stop(): Promise<void>;
}

export interface HubConnectionDeps {
  settings: SettingsStore;
  fork: ForkHub;
  hubModulePath: string;
  /** Where the embedded hub keeps its database (`<userData>/hub-data`). */
  dataDir: string;
  /** Told about every change, to forward to renderer windows. */
  onChange: (connection: HubConnection) => void;
  log: Logger;
  timing?: Partial<HubTiming>;
}

/** Decides where the desktop's hub is, and keeps every window told. */
export function createHubConnectionService(deps: HubConnectionDeps): HubConnectionService {
  const { settings, log } = deps;
  let connection: HubConnection = { url: '', embedded: true, state: 'starting', error: null };
  let queue: Promise<unknown> = Promise.resolve();

  const embedded = createEmbeddedHub({
    fork: deps.fork,
    modulePath: deps.hubModulePath,
    log,
    ...(deps.timing ? { timing: deps.timing } : {}),
    args: () => {
      const args = ['--data', deps.dataDir, '--port', '0', '--host', '127.0.0.1'];
      return settings.get().firstRunDone ? args : [...args, '--demo'];
    },
    onStateChange: (next) => {
      // A late report from a hub we are already switching away from must not win.
      if (settings.get().serverUrl !== null) return;
      set(next);
      if (next.state === 'ready' && !settings.get().firstRunDone) {
        // Only once the hub has come up: a first start that crashed before seeding retries --demo.
        settings
          .update({ firstRunDone: true })
          .catch((err: unknown) => log.error('cannot record that the demo was seeded', err));
      }
    },
  });

  function set(next: HubConnection): void {
    if (
      next.url === connection.url &&
      next.embedded === connection.embedded &&
      next.state === connection.state &&
      next.error === connection.error
    ) {
      return;
    }
    connection = next;
    deps.onChange(connection);
  }

  function connect(): void {
    const serverUrl = settings.get().serverUrl;
    if (serverUrl === null) {
      embedded.start();
    } else {
      set({ url: serverUrl, embedded: false, state: 'ready', error: null });
    }
  }

  return {
    current: () => connection,
    start: connect,
    setServerUrl(url) {
      // Serialized so a quick embedded → server → embedded toggle cannot interleave stop and start.
      const done = queue.then(async () => {
        await settings.update({ serverUrl: url });
        if (url !== null) await embedded.stop();
        connect();
        return connection;
      });
      queue = done.catch(() => undefined);
      return done;
    },
    stop: () => embedded.stop(),
  };
}
