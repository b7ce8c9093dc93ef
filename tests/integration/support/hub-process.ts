import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const CLI = fileURLToPath(new URL('../../../src-hub/cli.ts', import.meta.url));

export interface HubProcessOptions {
  /** Shown in errors and passed as PROMPTLY_NODE_ID. */
  name?: string;
  /** PGlite folder; a fresh temp folder when absent (ignored on PostgreSQL). */
  dataDir?: string;
  /** PostgreSQL instead of PGlite. */
  databaseUrl?: string | null;
  demo?: boolean;
  /** Script to run instead of src-hub/cli.ts; it must accept the same `serve` arguments. */
  entry?: string;
  env?: Record<string, string>;
  /** Fixed port; a free one when absent. Kept across restarts. */
  port?: number;
  startTimeoutMs?: number;
}

export interface HubProcess {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The current child's pid (changes on restart). */
  pid(): number;
  /** Everything the current and earlier children printed (stdout and stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output printed so far or later. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the hub again on the same port and data, optionally with more environment. */
  restart(env?: Record<string, string>): Promise<void>;
  /**
   * Graceful stop (SIGTERM, SIGKILL after 10 s). A temp data folder it created is removed unless
   * `keepData` (to open the database in the test afterwards); remove it later with another stop().
   */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A port nobody listens on right now: bind port 0, read it, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * A hub as a child process (`node src-hub/cli.ts serve …`), so a test can SIGKILL it like a crash
 * and start it again on the same data. Resolves once GET /healthz answers 200.
 */
export async function startHubProcess(options: HubProcessOptions = {}): Promise<HubProcess> {
  const name = options.name ?? 'hub';
  const port = options.port ?? (await freePort());
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), `promptly-${name}-`)));
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let log = '';
  const watchers = new Set<() => void>();
  let extraEnv: Record<string, string> = { ...options.env };

  const launch = async () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      PROMPTLY_NODE_ID: name,
      ...extraEnv,
    };
    delete env.DATABASE_URL;
    if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
    const args = [
      options.entry ?? CLI,
      'serve',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      dataDir,
      '--quiet',
      ...(options.demo ? ['--demo'] : []),
    ];
    const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    live.add(proc);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.length > 2_000_000) log = log.slice(-1_000_000);
      for (const w of watchers) w();
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        live.delete(proc);
        log += `\n[${name} exited: ${signal ?? code}]\n`;
        for (const w of watchers) w();
        resolve();
      });
    });
    await waitHealthy(proc);
  };

  const waitHealthy = async (proc: ChildProcess) => {
    const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`${name} exited while starting:\n${log.slice(-4_000)}`);
      }
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    proc.kill('SIGKILL');
    throw new Error(`${name} did not become healthy:\n${log.slice(-4_000)}`);
  };

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    await exited;
  };

  await launch();

  return {
    name,
    url,
    port,
    dataDir,
    pid: () => child?.pid ?? -1,
    output: () => log,
    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = log.match(pattern);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name}: no ${String(pattern)} within ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    kill,
    async restart(env) {
      await kill('SIGKILL');
      if (env) extraEnv = { ...extraEnv, ...env };
      await launch();
    },
    async stop({ keepData = false } = {}) {
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        const force = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await kill('SIGTERM');
        clearTimeout(force);
      }
      if (ownDir && !keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh PostgreSQL database for one test file; `drop()` removes it (and its connections). */
export async function createTestDatabase(adminUrl: string, label = 'cluster') {
  const name = `promptly_${label}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withAdmin(adminUrl, (c) => c.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
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

export async function login(baseUrl: string, email: string, password = 'promptly-demo') {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email} → ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; user: { id: string; name: string; role: string } };
}
