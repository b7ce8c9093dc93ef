import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE } from '#shared/contracts/socket.ts';
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
 * A desktop's sync loop, minus IndexedDB: pull on poke, one pull in flight at a time, follow the
 * cursor. `onMessage` sees every message change this client receives.
 */
export function followLog(socket: Socket, cursor: number, onMessage: (text: string) => void) {
  let running = false;
  let again = false;
  let head = cursor;
  let closed = false;
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
            value: {
              changes: { entity: string; data?: { text?: string } }[];
              cursor: number;
              hasMore: boolean;
            };
          };
          if (!ack.ok) return;
          for (const c of ack.value.changes)
            if (c.entity === 'message' && c.data?.text) onMessage(c.data.text);
          head = ack.value.cursor;
          if (!ack.value.hasMore) break;
        }
      } while (again && !closed);
    } catch {
      // Disconnected mid-pull: the next poke or reconnect pulls again from the same cursor.
    } finally {
      running = false;
    }
  };
  socket.on('sync:poke', () => void pull());
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
