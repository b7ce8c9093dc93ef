import { CONNECT_ERROR, SYNC_PAGE_MAX } from '#shared/contracts/socket.ts';
import { ErrorCode, PromptlyError } from '#shared/logic/ack.ts';
import { readMeta, SERVER_TABLES, type PromptlyDb } from './db.ts';
import type { HubSocket } from './hub-client.ts';
import type { PageApplier } from './page-applier.ts';
import type { HubSession } from './snapshot-bootstrap.ts';
import { coalesced } from './coalesce.ts';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'unauthorized';

export interface SyncEngineDeps {
  db: PromptlyDb;
  socket: HubSocket;
  /** Validates and stores pulled pages; a Worker in the browser and the desktop. */
  applier: PageApplier;
  /** Where the applier fetches the bootstrap snapshot from, as this user. */
  hub: HubSession;
  onState: (state: ConnectionState) => void;
  onSynced: (at: number) => void;
  onError: (error: PromptlyError) => void;
  now?: () => number;
  /** The safety net for a missed poke: socket.io delivers at most once. */
  pollMs?: number;
}

/**
 * Follows the hub's change log into IndexedDB. Pokes usually carry the changes, applied at once
 * when they continue the stored cursor. Pulls run otherwise, and on connect, when the browser
 * comes back online or wakes up, and on a timer; overlapping triggers coalesce into one more run,
 * so the stored cursor, not any single event, is what guarantees nothing is missed.
 */
export function createSyncEngine(deps: SyncEngineDeps) {
  const { db, socket, now = Date.now, pollMs = 60_000 } = deps;
  let stopped = false;

  /**
   * A fresh cache bootstraps from a snapshot of the recent window instead of the whole log. The
   * applier fetches its pages itself (over HTTP, in the worker): through the socket, every
   * multi-megabyte page would be parsed on this thread first. Search indexing follows, in the
   * background: the inbox is usable as soon as the records are stored.
   */
  async function bootstrap(): Promise<number> {
    const cursor = await deps.applier.bootstrap(deps.hub, now());
    if (cursor > 0 && !stopped) indexSearch();
    return stopped ? 0 : cursor;
  }

  /** Runs until the index covers every cached record; a run cut short resumes at the next start. */
  function indexSearch() {
    deps.applier.indexSearch().catch((error: unknown) => {
      if (!stopped)
        deps.onError(
          error instanceof PromptlyError ? error : new PromptlyError('internal', String(error)),
        );
    });
  }

  /** The hub no longer has the changes since our cursor: drop its data (never the outbox) and re-bootstrap. */
  async function resetServerData() {
    const tables = SERVER_TABLES.map((t) => db.table(t));
    await db.transaction('rw', [...tables, db.meta], async () => {
      await Promise.all(tables.map((t) => t.clear()));
      await db.meta.delete('cursor');
    });
  }

  async function pullAll(): Promise<void> {
    try {
      await followLog();
    } catch (error) {
      if (!(error instanceof PromptlyError) || error.code !== 'resync_required') throw error;
      await resetServerData();
      await followLog();
    }
  }

  async function followLog(): Promise<void> {
    let cursor = (await readMeta(db, 'cursor')) ?? 0;
    if (cursor === 0) {
      cursor = await bootstrap();
      if (cursor === 0) return;
      deps.onSynced(now());
    }
    for (;;) {
      // The page goes to the applier unparsed: validating it is part of the work kept off the UI.
      const ack = await request('sync:pull', { cursor, limit: SYNC_PAGE_MAX });
      const at = now();
      const page = await deps.applier.apply(ack, at);
      cursor = page.cursor;
      deps.onSynced(at);
      if (!page.hasMore || stopped) return;
    }
  }

  /** Sends a sync request and returns its raw value: validation happens in the applier. */
  async function request(event: 'sync:pull', args: object): Promise<unknown> {
    let raw: { ok?: unknown; value?: unknown; code?: unknown; message?: unknown };
    try {
      raw = (await socket.timeout(30_000).emitWithAck(event, args)) as typeof raw;
    } catch {
      throw new PromptlyError('unavailable', 'The hub did not answer in time.');
    }
    if (raw?.ok !== true) {
      const code = ErrorCode.safeParse(raw?.code);
      const message = typeof raw?.message === 'string' ? raw.message : 'Sync was refused.';
      throw new PromptlyError(code.success ? code.data : 'internal', message);
    }
    return raw.value;
  }

  /** Raw payloads of pokes that carry changes, in arrival order; the applier validates them. */
  const carried: unknown[] = [];
  let pullWanted = false;

  /**
   * Carried changes that continue the stored cursor are applied as they are; anything else (a
   * plain poke, a gap, a connect, the timer) pulls. Pokes that arrived before a pull are covered
   * by it: the hub sends them only after their changes are committed.
   */
  async function syncOnce(): Promise<void> {
    const pokes = carried.splice(0);
    if (!pullWanted && pokes.length) {
      const at = now();
      const result = await deps.applier.applyCarried(pokes, at);
      if (!result.needsPull) {
        deps.onSynced(at);
        return;
      }
    }
    pullWanted = false;
    await pullAll();
  }

  const sync = coalesced(syncOnce, {
    stopped: () => stopped || !socket.connected,
    onError: (error) =>
      deps.onError(
        error instanceof PromptlyError ? error : new PromptlyError('internal', String(error)),
      ),
  });
  const pull = () => {
    pullWanted = true;
    return sync();
  };
  // Not onServerEvent: parsing the carried changes is the applier's job, off the UI thread.
  const onPoke = (raw: unknown) => {
    if (typeof raw === 'object' && raw !== null && 'carried' in raw) {
      carried.push(raw);
      void sync();
    } else void pull();
  };

  const onConnect = () => {
    deps.onState('online');
    void pull();
  };
  const onDisconnect = (reason: string) => {
    deps.onState(stopped ? 'offline' : 'connecting');
    // The hub closed this connection on purpose (session revoked, role or teams changed), and
    // socket.io does not reconnect by itself then: ask again, and let the handshake decide.
    if (!stopped && reason === 'io server disconnect') socket.connect();
  };
  const onConnectError = (error: Error) => {
    if (error.message === CONNECT_ERROR.unauthorized) deps.onState('unauthorized');
    else deps.onState('offline');
  };
  const onOnline = () => {
    if (!socket.connected) socket.connect();
    else void pull();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') onOnline();
  };

  socket.on('connect', onConnect);
  socket.on('disconnect', onDisconnect);
  socket.on('connect_error', onConnectError);
  socket.on('sync:poke', onPoke);
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  const timer = setInterval(() => void pull(), pollMs);
  deps.onState(socket.connected ? 'online' : 'connecting');
  if (socket.connected) void pull();
  // An index a reload interrupted goes on, online or not: it reads only the local cache.
  indexSearch();

  return {
    pull,
    stop() {
      stopped = true;
      clearInterval(timer);
      deps.applier.close();
      socket.off('sync:poke', onPoke);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onConnectError);
      window.removeEventListener('online', onOnline);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
