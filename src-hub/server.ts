import type { AddressInfo } from 'node:net';
import { openStore, type Store } from './store/database.ts';
import { createSessionService } from './auth/sessions.ts';
import { createLoginService } from './auth/login.ts';
import { createHttpApp } from './http/app.ts';
import { attachRealtime, type Realtime } from './realtime/socket.ts';
import { createWriter, type Writer } from './domain/writer.ts';
import { seedDemo } from './demo/seed.ts';
import type { HubConfig } from './config.ts';

export const HUB_VERSION = '0.1.0';

export interface Hub {
  url: string;
  port: number;
  store: Store;
  realtime: Realtime;
  write: Writer;
  close(): Promise<void>;
}

/** Composition root: opens storage, wires services, listens. Nothing else constructs services. */
export async function startHub(config: HubConfig): Promise<Hub> {
  const store = await openStore(
    config.databaseUrl
      ? { engine: 'postgres', url: config.databaseUrl }
      : { engine: 'pglite', dataDir: config.dataDir },
  );
  const sessions = createSessionService({ db: store.db });
  const login = createLoginService({ db: store.db, sessions });
  const app = await createHttpApp({
    store,
    sessions,
    login,
    version: HUB_VERSION,
    rendererDir: config.rendererDir,
    corsOrigins: config.corsOrigins,
    logger: config.logger,
    disconnectUser: (userId) => realtime.disconnectUser(userId),
  });
  const log = (e: unknown) => app.log.error({ err: e }, 'realtime handler failed');
  let write: Writer | null = null;
  const realtime = attachRealtime({
    httpServer: app.server,
    db: store.db,
    sessions,
    corsOrigins: config.corsOrigins,
    log,
    writer: () => {
      if (!write) throw new Error('writer used before the hub finished starting');
      return write;
    },
  });
  write = createWriter(store.db, (changes, seq) => realtime.poke(changes, seq));

  try {
    if (config.demo) await seedDemo({ write });
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await realtime.close();
    await app.close();
    await store.close();
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    realtime,
    write,
    async close() {
      await realtime.close();
      await app.close();
      await store.close();
    },
  };
}
