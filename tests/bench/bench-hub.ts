import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE, type SyncPoke } from '#shared/contracts/socket.ts';
import type { Change } from '#shared/domain/change.ts';
import { takeCarried } from '#shared/logic/carried.ts';
import { startHub, type Hub } from '../../src-hub/server.ts';
import { seedDemo } from '../../src-hub/demo/seed.ts';
import { createSessionService } from '../../src-hub/auth/sessions.ts';

/** A hub for one benchmark process: the engine comes from BENCH_ENGINE_URL (unset: PGlite). */
export async function startBenchHub(scale: { customers: number; conversations: number }) {
  const dataDir = await mkdtemp(join(tmpdir(), 'promptly-bench-'));
  const databaseUrl = process.env.BENCH_ENGINE_URL || null;
  const hub = await startHub({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl,
    demo: false,
    rendererDir: null,
    corsOrigins: [],
    logger: false,
  });
  await seedDemo({ write: hub.write }, scale);
  return {
    hub,
    engine: databaseUrl ? 'PostgreSQL' : 'PGlite',
    async stop() {
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Session tokens minted directly: 200 argon2 logins would measure the password hash, not sync. */
export async function tokensFor(hub: Hub, count: number) {
  const users = await hub.store.db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('role', '!=', 'admin')
    .execute();
  const sessions = createSessionService({ db: hub.store.db });
  const out: { token: string; userId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const user = users[i % users.length]!;
    out.push({ token: await sessions.create(user.id), userId: user.id });
  }
  return out;
}

export function connect(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}${AGENT_NAMESPACE}`, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * A desktop's sync loop, minus IndexedDB: a poke that carries changes continuing the cursor is
 * applied at once; anything else (a plain poke, a gap) pulls, one pull in flight at a time, and
 * pokes arriving meanwhile are followed after it. `onMessage` sees every message change this
 * client receives, whichever way it came. Pokes are not zod-parsed here: a desktop validates in
 * its own worker, while these clients share one thread, where 200 desktops' parsing would
 * measure the bench client rather than the hub.
 */
export function followLog(socket: Socket, cursor: number, onMessage: (text: string) => void) {
  let running = false;
  let again = false;
  let head = cursor;
  let closed = false;
  const pokes: SyncPoke[] = [];
  const deliver = (changes: readonly { entity: string; op: string; data?: unknown }[]) => {
    for (const c of changes) {
      const text = c.entity === 'message' ? (c.data as { text?: string } | undefined)?.text : null;
      if (text) onMessage(text);
    }
  };
  /** Follows queued pokes; true when one of them needs a pull. */
  const follow = () => {
    const taken = takeCarried(head, pokes.splice(0));
    deliver(taken.changes);
    head = taken.cursor;
    return taken.needsPull;
  };
  const pull = async () => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (;;) {
          const ack = (await socket.emitWithAck('sync:pull', { cursor: head, limit: 1000 })) as {
            ok: boolean;
            value: { changes: Change[]; cursor: number; hasMore: boolean };
          };
          if (!ack.ok) return;
          deliver(ack.value.changes);
          head = ack.value.cursor;
          if (!ack.value.hasMore) break;
        }
        if (follow()) again = true;
      } while (again && !closed);
    } catch {
      // Disconnected mid-pull: the next poke or reconnect pulls again from the same cursor.
    } finally {
      running = false;
    }
  };
  socket.on('sync:poke', (poke: SyncPoke) => {
    pokes.push(poke);
    if (!running && follow()) void pull();
  });
  return {
    pull,
    head: () => head,
    close() {
      closed = true;
      socket.close();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
