import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationId, MessageId } from '#shared/logic/ids.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { receiveInbound } from '../../src-hub/domain/inbound.ts';
import { openDb, readMeta, type PromptlyDb } from '../../src-renderer/data/db.ts';
import { connectAgentSocket, type HubSocket } from '../../src-renderer/data/hub-client.ts';
import { inlineApplier } from '../../src-renderer/data/page-applier.ts';
import { createSyncEngine, type SyncEngine } from '../../src-renderer/data/sync-engine.ts';
import { loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { newId } from './support/mutate.ts';

/**
 * The desktop's own sync engine (on fake-indexeddb) against a real hub: inbound messages land in
 * IndexedDB through carried pokes, with no pull, and a desktop whose stored cursor does not
 * continue a push pulls instead.
 */

// The engine listens for the browser's online and visibility events; node has neither. Set only
// while the engine runs: PGlite, in this same process, takes a global window for a browser.
const g = globalThis as Record<string, unknown>;

let hub: TestHub;
let db: PromptlyDb;
let socket: HubSocket;
let engine: SyncEngine;
let pulls = 0;
const errors: unknown[] = [];
let supportConversation: ConversationId;

const until = async (what: string, ok: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const inbound = async (text: string) => {
  const id = newId() as MessageId;
  await receiveInbound(
    { write: hub.write },
    {
      id,
      conversationId: supportConversation,
      authorName: 'Customer',
      text,
      receivedAt: Date.now(),
    },
  );
  return id;
};

beforeAll(async () => {
  hub = await startTestHub();
  const { token } = await loginAs(hub, 'ada@demo.test');
  const support = await hub.store.db
    .selectFrom('teams')
    .select('id')
    .where('name', '=', 'Support')
    .executeTakeFirstOrThrow();
  supportConversation = (
    await hub.store.db
      .selectFrom('conversations')
      .select('id')
      .where('team_id', '=', support.id)
      .executeTakeFirstOrThrow()
  ).id as ConversationId;
  g.window = new EventTarget();
  g.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  db = openDb(`desktop-sync-${newId()}`);
  socket = connectAgentSocket(hub.url, token);
  socket.onAnyOutgoing((event) => {
    if (event === 'sync:pull') pulls++;
  });
  engine = createSyncEngine({
    db,
    socket,
    applier: inlineApplier(db),
    hub: { hubUrl: hub.url, token },
    onState: () => {},
    onSynced: () => {},
    onError: (error) => errors.push(error),
  });
  await until('the bootstrap', async () => ((await readMeta(db, 'cursor')) ?? 0) > 0);
  // One message first: the hub's fan-out chains this socket from its first push on.
  const warmup = await inbound('warm-up');
  await until('the warm-up message', async () => (await db.messages.get(warmup)) !== undefined);
});
afterAll(async () => {
  engine?.stop();
  delete g.window;
  delete g.document;
  socket?.close();
  await db?.delete();
  await hub?.stop();
});

describe('the desktop sync engine', () => {
  it('stores a pushed message without pulling', async () => {
    const before = pulls;
    const id = await inbound('pushed to the desktop');
    await until('the message in IndexedDB', async () => (await db.messages.get(id)) !== undefined);
    expect(pulls).toBe(before);
    expect(errors).toEqual([]);
    expect(await readMeta(db, 'cursor')).toBe(await headSeq(hub.store.db));
    expect((await db.conversations.get(supportConversation))?.preview).toBe(
      'pushed to the desktop',
    );
  });

  it('pulls when its stored cursor does not continue the push', async () => {
    const cursor = (await readMeta(db, 'cursor'))!;
    const missed = await inbound('a push this desktop never stored');
    await until('the push', async () => (await readMeta(db, 'cursor'))! > cursor);
    // As if that push had been lost: the stored cursor is behind where the next push starts.
    await db.meta.put({ key: 'cursor', value: cursor });
    await db.messages.delete(missed);
    const before = pulls;
    const next = await inbound('the next push');
    await until('both messages', async () => {
      return (
        (await db.messages.get(next)) !== undefined && (await db.messages.get(missed)) !== undefined
      );
    });
    expect(pulls).toBeGreaterThan(before);
    expect(errors).toEqual([]);
    expect(await readMeta(db, 'cursor')).toBe(await headSeq(hub.store.db));
  });
});
