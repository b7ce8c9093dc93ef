import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE, SyncPoke, SyncPullResult } from '#shared/contracts/socket.ts';
import type { Change } from '#shared/domain/change.ts';
import { ackSchema } from '#shared/logic/ack.ts';
import { takeCarried } from '#shared/logic/carried.ts';

/**
 * A minimal desktop sync engine for tests: a stored cursor, pull on connect and on a poke it
 * cannot follow, carried changes applied at once when they continue the cursor (as the desktop's
 * engine does), each page applied together with its cursor, and client-side failover: when the connection drops it tries
 * the next hub URL in the list (round-robin), as a desktop configured with several nodes would.
 */
export interface SyncClient {
  readonly name: string;
  /** The socket currently connected (or trying to), for emitting mutations. */
  socket(): Socket;
  /** The URL of the node this client is connected to, or null while it is not. */
  connectedTo(): string | null;
  cursor(): number;
  /** Every change applied, in the order pulled. */
  changes(): readonly Change[];
  pokes(): readonly { seq: number; url: string; carried: boolean }[];
  /** How many sync:pull requests this client has sent. */
  pulls(): number;
  /** Every node URL this client has connected to, in order. */
  history(): readonly string[];
  /** Pulls now (also runs on connect and on every poke). */
  pull(): Promise<void>;
  waitFor(what: string, predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function connectSyncClient(opts: {
  name: string;
  urls: readonly string[];
  token: string;
  cursor?: number;
}): Promise<SyncClient> {
  let index = 0;
  let current!: Socket;
  let connected: string | null = null;
  let cursor = opts.cursor ?? 0;
  let closed = false;
  const applied: Change[] = [];
  const pokes: { seq: number; url: string; carried: boolean }[] = [];
  const queued: SyncPoke[] = [];
  let pulls = 0;
  const history: string[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of listeners) l();
  };

  let pulling: Promise<void> | null = null;
  let again = false;
  const pullLoop = async () => {
    do {
      again = false;
      for (;;) {
        const socket = current;
        if (!socket.connected) return;
        pulls++;
        const raw: unknown = await socket
          .timeout(10_000)
          .emitWithAck('sync:pull', { cursor, limit: 200 });
        const ack = ackSchema(SyncPullResult).parse(raw);
        if (!ack.ok) throw new Error(`${opts.name}: pull refused: ${ack.code}`);
        // One "transaction": the page and its cursor are applied together or not at all.
        applied.push(...ack.value.changes);
        cursor = ack.value.cursor;
        notify();
        if (!ack.value.hasMore) break;
      }
      if (follow()) again = true;
    } while (again);
  };
  /** Applies queued carried pokes that continue the cursor; true when one needs a pull. */
  const follow = () => {
    const taken = takeCarried(cursor, queued.splice(0));
    applied.push(...taken.changes);
    cursor = taken.cursor;
    notify();
    return taken.needsPull;
  };
  const pull = (): Promise<void> => {
    if (pulling) {
      again = true;
      return pulling;
    }
    pulling = pullLoop()
      .catch(() => {
        // Disconnected mid-pull: the cursor was not advanced, the next connect pulls again.
      })
      .finally(() => {
        pulling = null;
      });
    return pulling;
  };

  const open = (url: string) => {
    const socket = io(`${url}${AGENT_NAMESPACE}`, {
      transports: ['websocket'],
      auth: { token: opts.token },
      reconnection: false,
      forceNew: true,
    });
    current = socket;
    socket.on('connect', () => {
      connected = url;
      history.push(url);
      notify();
      void pull();
    });
    socket.on('sync:poke', (payload: unknown) => {
      const poke = SyncPoke.parse(payload);
      pokes.push({ seq: poke.seq, url, carried: poke.carried !== undefined });
      queued.push(poke);
      // Mid-pull, the pull loop follows the queue once its pages are in.
      if (!pulling && follow()) void pull();
    });
    const failover = () => {
      if (closed || current !== socket) return;
      connected = null;
      notify();
      socket.removeAllListeners();
      socket.close();
      index = (index + 1) % opts.urls.length;
      setTimeout(() => {
        if (!closed) open(opts.urls[index]!);
      }, 100);
    };
    socket.on('disconnect', failover);
    socket.on('connect_error', failover);
  };

  const client: SyncClient = {
    name: opts.name,
    socket: () => current,
    connectedTo: () => connected,
    cursor: () => cursor,
    changes: () => applied,
    pokes: () => pokes,
    pulls: () => pulls,
    history: () => history,
    pull,
    waitFor(what, predicate, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${opts.name}: timed out waiting for ${what}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    close() {
      closed = true;
      current.removeAllListeners();
      current.close();
    },
  };
  open(opts.urls[0]!);
  await client.waitFor('first connection and pull', () => connected !== null && !pulling);
  await pull();
  return client;
}
