import { SyncPoke, SyncPullResult } from '#shared/contracts/socket.ts';
import { ErrorCode, PromptlyError } from '#shared/logic/ack.ts';
import { applyCarriedPokes, applyPage, type AppliedPokes } from './apply-changes.ts';
import { openDb, type PromptlyDb } from './db.ts';
import { indexSearchBacklog, type ChunkResult } from './search-backlog.ts';
import { bootstrapSnapshot, type HubSession } from './snapshot-bootstrap.ts';

export interface AppliedPage {
  cursor: number;
  hasMore: boolean;
  count: number;
}

/** Validates a raw pulled page against the contract and stores it (with its cursor) atomically. */
export async function validateAndApply(
  db: PromptlyDb,
  raw: unknown,
  now: number,
): Promise<AppliedPage> {
  const page = SyncPullResult.safeParse(raw);
  if (!page.success)
    throw new PromptlyError('internal', 'The hub sent a sync page this desktop cannot read.');
  await applyPage(db, page.data.changes, page.data.cursor, now);
  return { cursor: page.data.cursor, hasMore: page.data.hasMore, count: page.data.changes.length };
}

/**
 * Validates raw pokes against the contract and applies the changes they carry where they continue
 * the stored cursor. A poke that fails validation is followed like a plain poke: by a pull.
 */
export async function validateAndApplyCarried(
  db: PromptlyDb,
  raws: readonly unknown[],
  now: number,
): Promise<AppliedPokes> {
  const pokes: SyncPoke[] = [];
  for (const raw of raws) {
    const poke = SyncPoke.safeParse(raw);
    pokes.push(poke.success ? poke.data : { seq: 0 });
  }
  return applyCarriedPokes(db, pokes, now);
}

export interface PageApplier {
  apply(raw: unknown, now: number): Promise<AppliedPage>;
  /** Raw `sync:poke` payloads, in arrival order. */
  applyCarried(raws: readonly unknown[], now: number): Promise<AppliedPokes>;
  /**
   * Fetches and stores the bootstrap snapshot (snapshot-bootstrap.ts); resolves with the cursor to
   * follow the log from, or 0 when closed first.
   */
  bootstrap(hub: HubSession, now: number): Promise<number>;
  /** Builds the search index a snapshot left to do; a run already going is joined, not doubled. */
  indexSearch(): Promise<ChunkResult>;
  close(): void;
}

/** Same-thread applier: used where Workers are unavailable, and by tests. */
export function inlineApplier(db: PromptlyDb): PageApplier {
  let closed = false;
  let indexing: Promise<ChunkResult> | null = null;
  return {
    apply: (raw, now) => validateAndApply(db, raw, now),
    applyCarried: (raws, now) => validateAndApplyCarried(db, raws, now),
    bootstrap: (hub, now) =>
      bootstrapSnapshot({ pages: db, last: db, hub, now, stopped: () => closed }),
    indexSearch() {
      indexing ??= indexSearchBacklog(db, { stopped: () => closed }).finally(() => {
        indexing = null;
      });
      return indexing;
    },
    close() {
      closed = true;
    },
  };
}

type Reply =
  | { id: number; ok: true; value: AppliedPage | AppliedPokes | ChunkResult | number }
  | { id: number; ok: false; code: string; message: string };

/**
 * Parsing and storing thousands of records at bootstrap would freeze the inbox if done on the UI
 * thread, so a Worker does it on its own connection to the same database; Dexie tells the page's
 * live queries about the writes.
 */
export function workerApplier(dbName: string): PageApplier {
  const worker = new Worker(new URL('./sync-worker.ts', import.meta.url), {
    type: 'module',
    name: 'promptly-sync',
  });
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: unknown) => void }>();
  let next = 0;
  worker.onmessage = (event: MessageEvent<Reply>) => {
    const reply = event.data;
    const w = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!w) return;
    if (reply.ok) w.resolve(reply.value as never);
    else {
      const code = ErrorCode.safeParse(reply.code);
      w.reject(new PromptlyError(code.success ? code.data : 'internal', reply.message));
    }
  };
  worker.onerror = (event) => {
    for (const w of waiting.values())
      w.reject(new PromptlyError('internal', event.message || 'sync worker failed'));
    waiting.clear();
  };
  function send<T>(kind: WorkerRequest['kind'], raw: unknown, now: number): Promise<T> {
    const id = ++next;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve, reject });
      worker.postMessage({ id, kind, dbName, raw, now });
    });
  }
  return {
    apply: (raw, now) => send<AppliedPage>('pull', raw, now),
    applyCarried: (raws, now) => send<AppliedPokes>('carried', raws, now),
    bootstrap: (hub, now) => send<number>('bootstrap', hub, now),
    indexSearch: () => send<ChunkResult>('index', null, 0),
    close() {
      worker.terminate();
    },
  };
}

export function createApplier(dbName: string, db: PromptlyDb): PageApplier {
  return typeof Worker === 'undefined' ? inlineApplier(db) : workerApplier(dbName);
}

/** What the page asks of the sync worker (sync-worker.ts). */
export interface WorkerRequest {
  id: number;
  kind: 'pull' | 'carried' | 'bootstrap' | 'index';
  dbName: string;
  raw: unknown;
  now: number;
}

/**
 * Used by the worker entry point: one connection per database name and durability. Relaxed is
 * for writes that may be lost and redone: snapshot pages but the last, and search-index chunks.
 */
const connections = new Map<string, PromptlyDb>();
export function connection(
  dbName: string,
  durability: 'strict' | 'relaxed' = 'strict',
): PromptlyDb {
  const key = `${durability}:${dbName}`;
  let db = connections.get(key);
  if (!db) {
    db = openDb(dbName, { durability });
    connections.set(key, db);
  }
  return db;
}
