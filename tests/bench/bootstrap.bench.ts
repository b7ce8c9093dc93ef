import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startHub } from '../../src-hub/server.ts';
import { seedDemo } from '../../src-hub/demo/seed.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { result } from './report.ts';
import { launchChromium } from './browser.ts';

/**
 * A fresh desktop (the web workspace in headless Chromium) signs in and pulls the whole workspace
 * into IndexedDB through its Worker. Compared with a raw Dexie bulkPut of the very same records
 * into a scratch database in the same page, and watched for main-thread long tasks. Needs the
 * built renderer (`npm run build`).
 */
const full = process.env.BENCH_SCALE === 'full';
// The issue's scale: 20k conversations with 200k messages (full: 100k / 1M), every one of them
// inside the snapshot's 90-day window, so the desktop really pulls all of it.
const scale = {
  ...(full
    ? { customers: 20_000, conversations: 100_000 }
    : { customers: 4_000, conversations: 20_000 }),
  minThreadLength: 10,
  historyDays: 85,
};
const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('run `npm run build` first');

const dataDir = await mkdtemp(join(tmpdir(), 'promptly-bench-'));
const hub = await startHub({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  databaseUrl: process.env.BENCH_ENGINE_URL || null,
  demo: false,
  rendererDir,
  corsOrigins: [],
  logger: false,
});
await seedDemo({ write: hub.write }, scale);
const head = await headSeq(hub.store.db);
const engine = process.env.BENCH_ENGINE_URL ? 'PostgreSQL' : 'PGlite';

const browser = await launchChromium();
const page = await browser.newPage();
await page.addInitScript(() => {
  type Task = { at: number; ms: number; scripts: string[] };
  const tasks: Task[] = [];
  (window as unknown as { __tasks: Task[] }).__tasks = tasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ at: e.startTime, ms: e.duration, scripts: [] });
  }).observe({ type: 'longtask', buffered: true });
  // Long animation frames name the scripts that ran in them: what a long task was spent on.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as {
      startTime: number;
      duration: number;
      scripts: { invoker: string; sourceFunctionName: string; duration: number }[];
    }[]) {
      const scripts = e.scripts.map(
        (s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} ms`,
      );
      const task = tasks.find((t) => t.at >= e.startTime && t.at < e.startTime + e.duration);
      if (task) task.scripts.push(...scripts);
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
});
type Task = { at: number; ms: number; scripts: string[] };
const tasksBetween = async (from: number, to: number) =>
  (await page.evaluate(() => (window as unknown as { __tasks: Task[] }).__tasks)).filter(
    (t) => t.at >= from && t.at < to,
  );
const pageNow = () => page.evaluate(() => performance.now());
const worstOf = (tasks: Task[]) =>
  tasks.reduce((w, t) => (t.ms > w.ms ? t : w), { at: 0, ms: 0, scripts: [] } as Task);
await page.goto(`${hub.url}/`);
await page.getByLabel('Email').fill('root@demo.test');
await page.getByLabel('Password').fill('promptly-demo');
const start = Date.now();
const signInAt = await pageNow();
await page.getByRole('button', { name: 'Sign in' }).click();
/** Polls an async check in the page (waitForFunction does not await async predicates). */
async function until<T>(check: () => Promise<T | null | false>, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

// Dexie's own versions are multiples of 10; anything else is not the app's database yet.
const name = await until(() =>
  page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    return (
      dbs.find((d) => (d.name ?? '').startsWith('promptly-') && (d.version ?? 0) >= 10)?.name ??
      null
    );
  }),
);
await until(() =>
  page.evaluate(
    async ({ name, head }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
      // Dexie may not have created its stores yet: peeking must never create or block them.
      if (!db.objectStoreNames.contains('meta')) {
        db.close();
        return false;
      }
      const cursor = await new Promise<number>((resolve) => {
        const r = db.transaction('meta').objectStore('meta').get('cursor');
        r.onsuccess = () => resolve((r.result as { value?: number } | undefined)?.value ?? 0);
        r.onerror = () => resolve(0);
      });
      db.close();
      return cursor >= head;
    },
    { name, head },
  ),
);
const seconds = (Date.now() - start) / 1000;
const storedAt = await pageNow();
// Long tasks while the workspace is pulled in; the app's own start (script evaluation before
// anyone signs in) is reported apart, as it is not part of the bootstrap.
const during = await tasksBetween(signInAt, storedAt);
const startup = await tasksBetween(0, signInAt);
// Search indexing follows in the background: how long until the whole cache is searchable.
await until(() =>
  page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
    });
    const backlog = await new Promise<unknown>((resolve) => {
      const r = db.transaction('meta').objectStore('meta').get('searchBacklog');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => resolve(null);
    });
    db.close();
    return backlog === undefined;
  }, name),
);
const indexedSeconds = (Date.now() - start) / 1000;
const indexing = await tasksBetween(storedAt, await pageNow());
// Raw limit: the same records, read back out, bulkPut into a scratch database with the same indexes.
const raw = await page.evaluate(async (name) => {
  const open = (n: string, upgrade?: (db: IDBDatabase) => void) =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const r = upgrade ? indexedDB.open(n, 1) : indexedDB.open(n);
      if (upgrade) r.onupgradeneeded = () => upgrade(r.result);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
    });
  const source = await open(name);
  if (!source.objectStoreNames.contains('messages')) {
    throw new Error(
      `${name} has stores ${[...source.objectStoreNames].join(',')}, version ${source.version}`,
    );
  }
  const all = async (store: string) =>
    new Promise<unknown[]>((resolve) => {
      const r = source.transaction(store).objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result as unknown[]);
    });
  const stores = ['conversations', 'messages', 'customers'] as const;
  const data = Object.fromEntries(
    await Promise.all(stores.map(async (s) => [s, await all(s)] as const)),
  );
  source.close();
  const scratch = await open(`raw-${Date.now()}`, (db) => {
    const c = db.createObjectStore('conversations', { keyPath: 'id' });
    c.createIndex('lastMessageAt', 'lastMessageAt');
    c.createIndex('status_last', ['status', 'lastMessageAt']);
    c.createIndex('customerId', 'customerId');
    c.createIndex('teamId', 'teamId');
    c.createIndex('assigneeId', 'assigneeId');
    const m = db.createObjectStore('messages', { keyPath: 'id' });
    m.createIndex('conv_created', ['conversationId', 'createdAt']);
    m.createIndex('customerId', 'customerId');
    const cu = db.createObjectStore('customers', { keyPath: 'id' });
    for (const k of ['name', 'email', 'phone']) cu.createIndex(k, k);
  });
  const t0 = performance.now();
  let records = 0;
  for (const s of stores) {
    const rows = data[s] as unknown[];
    for (let i = 0; i < rows.length; i += 1000) {
      await new Promise<void>((resolve, reject) => {
        const tx = scratch.transaction(s, 'readwrite', { durability: 'relaxed' });
        const os = tx.objectStore(s);
        for (const row of rows.slice(i, i + 1000)) os.put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      });
    }
    records += rows.length;
  }
  return { records, ms: performance.now() - t0 };
}, name);
await browser.close();
await hub.close();
await rm(dataDir, { recursive: true, force: true });

const worst = worstOf(during);
const describe = (tasks: Task[]) => {
  const w = worstOf(tasks);
  return `${tasks.length}, worst ${w.ms.toFixed(0)} ms${w.scripts.length ? ` (${w.scripts.join('; ')})` : ''}`;
};
process.stderr.write(
  `bootstrap ${engine}: ${raw.records} records in ${seconds.toFixed(1)} s (searchable after ${indexedSeconds.toFixed(1)} s); ` +
    `raw put ${(raw.ms / 1000).toFixed(1)} s; ratio ${(raw.ms / 1000 / seconds).toFixed(2)}x\n` +
    `  main-thread long tasks while bootstrapping: ${describe(during)}\n` +
    `  while indexing for search: ${describe(indexing)}\n` +
    `  at app start, before sign-in: ${describe(startup)}\n`,
);
process.stdout.write(
  `${JSON.stringify(
    result({
      name: `desktop bootstrap, ${raw.records.toLocaleString('en')} records (${engine}), worst UI long task ${worst.ms.toFixed(0)} ms`,
      value: raw.records / seconds,
      unit: 'records/s',
      limit: (raw.records / raw.ms) * 1000,
      against: 'raw IndexedDB put of the same records, 1,000 per transaction, same page',
    }),
  )}\n`,
);
process.exit(0);
