import { SyncPoke, SyncPullResult, SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import {
  applyCarriedPokes,
  applyPage,
  applySnapshotPage,
  type AppliedPokes,
} from './apply-changes.ts';
import { openDb, type PromptlyDb } from './db.ts';

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

/** Validates a raw snapshot page and stores it; returns where to continue. */
export async function validateAndStoreSnapshot(
  db: PromptlyDb,
  raw: unknown,
  now: number,
): Promise<SnapshotProgress> {
  const page = SyncSnapshotPage.safeParse(raw);
  if (!page.success)
    throw new PromptlyError('internal', 'The hub sent a snapshot page this desktop cannot read.');
  await applySnapshotPage(db, page.data, now);
  return {
    cursor: page.data.cursor,
    nextPage: page.data.nextPage,
    count: page.data.conversations.length + page.data.messages.length,
  };
}

export interface SnapshotProgress {
  cursor: number;
  nextPage: string | null;
  count: number;
}

export interface PageApplier {
  apply(raw: unknown, now: number): Promise<AppliedPage>;
  /** Raw `sync:poke` payloads, in arrival order. */
  applyCarried(raws: readonly unknown[], now: number): Promise<AppliedPokes>;
  applySnapshot(raw: unknown, now: number): Promise<SnapshotProgress>;
  close(): void;
}

/** Same-thread applier: used where Workers are unavailable, and by tests. */
export function inlineApplier(db: PromptlyDb): PageApplier {
  return {
    apply: (raw, now) => validateAndApply(db, raw, now),
    applyCarried: (raws, now) => validateAndApplyCarried(db, raws, now),
    applySnapshot: (raw, now) => validateAndStoreSnapshot(db, raw, now),
    close: () => undefined,
  };
}

type Reply =
  | { id: number; ok: true; value: AppliedPage | SnapshotProgress | AppliedPokes }
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
    else w.reject(new PromptlyError('internal', reply.message));
  };
  worker.onerror = (event) => {
    for (const w of waiting.values())
      w.reject(new PromptlyError('internal', event.message || 'sync worker failed'));
    waiting.clear();
  };
  function send<T>(kind: 'pull' | 'snapshot' | 'carried', raw: unknown, now: number): Promise<T> {
    const id = ++next;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve, reject });
      worker.postMessage({ id, kind, dbName, raw, now });
    });
  }
  return {
    apply: (raw, now) => send<AppliedPage>('pull', raw, now),
    applyCarried: (raws, now) => send<AppliedPokes>('carried', raws, now),
    applySnapshot: (raw, now) => send<SnapshotProgress>('snapshot', raw, now),
    close() {
      worker.terminate();
    },
  };
}

export function createApplier(dbName: string, db: PromptlyDb): PageApplier {
  return typeof Worker === 'undefined' ? inlineApplier(db) : workerApplier(dbName);
}

/** Used by the worker entry point: one connection per database name. */
const connections = new Map<string, PromptlyDb>();
export function connection(dbName: string): PromptlyDb {
  let db = connections.get(dbName);
  if (!db) {
    db = openDb(dbName);
    connections.set(dbName, db);
  }
  return db;
}
