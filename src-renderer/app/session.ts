import type { LoginBody } from '#shared/contracts/http.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import { platform } from '../platform/index.ts';
import { databaseName, openDb, readMeta, type PromptlyDb } from '../data/db.ts';
import { connectAgentSocket, login, logout } from '../data/hub-client.ts';
import { createSyncEngine, type SyncEngine } from '../data/sync-engine.ts';
import { createOutboxFlusher, type OutboxFlusher } from '../data/outbox-flusher.ts';
import { createApplier } from '../data/page-applier.ts';
import { createLive, type Live } from '../data/live.ts';
import { enqueue } from '../data/outbox.ts';
import type { MutatorArgs, MutatorName } from '#shared/mutators/definitions.ts';
import type { HubSocket } from '../data/hub-client.ts';
import { useAppStore } from './store.ts';
import { i18n } from '../i18n/index.ts';

/**
 * The signed-in runtime: one Dexie database and one sync engine. Held outside React and zustand
 * because neither is serializable UI state; components reach the database through DbContext.
 */
let active: {
  db: PromptlyDb;
  engine: SyncEngine;
  flusher: OutboxFlusher;
  live: Live & { stop(): void };
  socket: HubSocket;
  me: SessionUser;
} | null = null;

export function activeDb(): PromptlyDb | null {
  return active?.db ?? null;
}

export function activeLive(): Live | null {
  return active?.live ?? null;
}

async function start(hubUrl: string, token: string, user: SessionUser): Promise<void> {
  const dbName = databaseName(hubUrl, user.id);
  const db = openDb(dbName);
  await db.open();
  await db.meta.put({ key: 'me', value: user });
  const store = useAppStore.getState();
  const lastSyncAt = await readMeta(db, 'lastSyncAt');
  if (lastSyncAt) store.setSynced(lastSyncAt);
  const socket = connectAgentSocket(hubUrl, token);
  const engine = createSyncEngine({
    db,
    socket,
    applier: createApplier(dbName, db),
    hub: { hubUrl, token },
    onState: (state) => {
      useAppStore.getState().setConnection(state);
      if (state === 'unauthorized') void signOut(i18n.t('app:session.ended'), { wipe: true });
    },
    onSynced: (at) => useAppStore.getState().setSynced(at),
    onError: (error) => useAppStore.getState().setSyncError(error.message),
  });
  const flusher = createOutboxFlusher({ db, socket, me: user });
  active = { db, engine, flusher, live: createLive(socket, db, user), socket, me: user };
  store.setSession({ hubUrl, token, user, dbName });
}

/** Restores the last session from the platform's storage, showing the cache even when offline. */
export async function resume(): Promise<boolean> {
  const hubUrl = await platform.hubUrl();
  const stored = await platform.loadSession();
  if (!stored || stored.hubUrl !== hubUrl) return false;
  const db = openDb(databaseName(hubUrl, stored.userId));
  const me = await readMeta(db, 'me').finally(() => db.close());
  if (!me) return false;
  await start(hubUrl, stored.token, me);
  return true;
}

export async function signIn(body: LoginBody): Promise<void> {
  const hubUrl = await platform.hubUrl();
  const result = await login(hubUrl, body);
  await platform.saveSession({ hubUrl, token: result.token, userId: result.user.id });
  await start(hubUrl, result.token, result.user);
}

/**
 * Ends the session. `wipe` deletes the local cache too: used when the hub refuses the token, since
 * the account may have been deactivated and its cached customer data must not stay on the machine.
 */
export async function signOut(reason: string | null, opts: { wipe?: boolean } = {}): Promise<void> {
  const session = useAppStore.getState().session;
  const current = active;
  active = null;
  current?.engine.stop();
  current?.flusher.stop();
  current?.live.stop();
  current?.socket.disconnect();
  if (session && !opts.wipe) await logout(session.hubUrl, session.token);
  await platform.saveSession(null);
  if (current) {
    current.db.close();
    if (opts.wipe) await current.db.delete().catch(() => undefined);
  }
  useAppStore.getState().signedOut(reason);
}

export function describeError(error: unknown): string {
  if (error instanceof PromptlyError) return error.message;
  return i18n.t('common:somethingWentWrong');
}

/**
 * The one way the UI changes data: optimistic locally, durable in the outbox, then sent. Resolves
 * once the change is safe on this machine, not when the hub has it.
 */
export async function sendMutation<N extends MutatorName>(
  name: N,
  args: MutatorArgs<N>,
): Promise<void> {
  if (!active) throw new PromptlyError('unauthorized', i18n.t('app:session.signInFirst'));
  await enqueue({ db: active.db, me: active.me }, name, args);
  void active.flusher.flush();
}
