import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE } from '#shared/contracts/socket.ts';
import { hubOptionsFromEnv, startHub, type Hub, type HubOptions } from '../../../src-hub/server.ts';
import type { HubConfig } from '../../../src-hub/config.ts';

export interface TestHub extends Hub {
  stop(): Promise<void>;
}

/**
 * A real hub on a free port. PGlite in a fresh temp folder by default; when TEST_DATABASE_URL is
 * set, a fresh PostgreSQL database created for this hub and dropped afterwards, so suites running
 * in parallel never share state.
 */
export async function startTestHub(
  opts: { demo?: boolean; options?: HubOptions } = {},
): Promise<TestHub> {
  const dataDir = await mkdtemp(join(tmpdir(), 'promptly-hub-'));
  const adminUrl = process.env.TEST_DATABASE_URL;
  let databaseUrl: string | null = null;
  let dbName: string | null = null;
  if (adminUrl) {
    dbName = `promptly_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    await withAdmin(adminUrl, (c) => c.query(`create database ${dbName}`));
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const config: HubConfig = {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    databaseUrl,
    demo: opts.demo ?? true,
    rendererDir: null,
    corsOrigins: ['app://promptly'],
    logger: false,
  };
  const hub = await startHub(config, { ...hubOptionsFromEnv(process.env), ...opts.options });
  return {
    ...hub,
    async stop() {
      await hub.close();
      await rm(dataDir, { recursive: true, force: true });
      if (adminUrl && dbName) await dropDatabase(adminUrl, dbName);
    },
  };
}

/**
 * Drops a test database once the hub's connections are really gone. A closed pool has sent its
 * goodbyes but its sockets may still be open for a moment; `with (force)` at that moment makes
 * the server terminate them, and the closing client reports that as an uncaught error. So wait for
 * them (55006: still in use), and force only if they linger.
 */
async function dropDatabase(adminUrl: string, dbName: string) {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${dbName}`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${dbName} with (force)`));
}

async function withAdmin(url: string, work: (c: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

export const DEMO_PASSWORD = 'promptly-demo';

export async function loginAs(hub: Hub, email: string, password = DEMO_PASSWORD) {
  const res = await fetch(`${hub.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email} → ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; user: { id: string; name: string; role: string } };
}

/** Connects an agent socket and resolves once the handshake is accepted or refused. */
export function connectAgent(hub: Hub, token: unknown): Promise<Socket> {
  const socket = io(`${hub.url}${AGENT_NAMESPACE}`, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
