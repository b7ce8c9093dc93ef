import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { AGENT_NAMESPACE } from '#shared/contracts/socket.ts';
import type { Change } from '#shared/domain/change.ts';
import { openStore } from '../../../src-hub/store/database.ts';
import {
  createTestDatabase,
  login,
  startHubProcess,
  type HubProcess,
} from '../support/hub-process.ts';
import { mutate, newId } from '../support/mutate.ts';
import { pullAll } from '../support/pull.ts';

/**
 * Durability of acknowledged mutations and exactly-once retries across a hard crash: SIGKILL the hub
 * in the middle of a burst from several clients, restart it on the same data, let the clients
 * retry what was never acknowledged, and count what the database holds.
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const engine = adminUrl ? 'PostgreSQL' : 'PGlite (file-backed)';

function connect(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}${AGENT_NAMESPACE}`, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

interface Sent {
  id: string;
  author: string;
  args: { conversationId: string; messageId: string; text: string };
  /** The seq the hub acknowledged, or null when no ack arrived. */
  ackSeq: number | null;
}

const conversationsIn = (changes: readonly Change[]) => [
  ...new Set(
    changes.flatMap((c) =>
      c.entity === 'conversation' && c.op === 'put' ? [c.data.id as string] : [],
    ),
  ),
];
const messageIds = (changes: readonly Change[]) =>
  new Set(
    changes.flatMap((c) => (c.entity === 'message' && c.op === 'put' ? [c.data.id as string] : [])),
  );

describe(`a hub SIGKILLed during a burst of mutations (${engine})`, () => {
  let hub: HubProcess;
  let databaseUrl: string | null = null;
  let drop: (() => Promise<void>) | null = null;
  const sockets: Socket[] = [];
  const authors = ['ada', 'sam', 'lin'] as const;
  const who: Record<string, { token: string; cursor: number; conversations: string[] }> = {};

  beforeAll(async () => {
    if (adminUrl) {
      const database = await createTestDatabase(adminUrl, 'crash');
      databaseUrl = database.url;
      drop = database.drop;
    }
    hub = await startHubProcess({ name: 'crash', databaseUrl, demo: true });
    for (const name of authors) {
      const { token } = await login(hub.url, `${name}@demo.test`);
      const socket = await connect(hub.url, token);
      const { changes, cursor } = await pullAll(socket);
      socket.close();
      who[name] = { token, cursor, conversations: conversationsIn(changes).slice(0, 5) };
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await hub?.stop();
    await drop?.();
  });

  it('keeps every acknowledged mutation and applies every retried one exactly once', async () => {
    const sent: Sent[] = [];
    const live = new Map<string, Socket>();
    for (const name of authors) {
      const socket = await connect(hub.url, who[name]!.token);
      sockets.push(socket);
      live.set(name, socket);
    }
    let killing = false;
    let crash!: () => void;
    const crashed = new Promise<void>((r) => (crash = r));
    const acked = () => sent.filter((s) => s.ackSeq !== null).length;

    // Each client keeps 6 mutations in flight; the hub is killed once 40 have been acknowledged.
    const burst = async (author: string, socket: Socket) => {
      const conversations = who[author]!.conversations;
      const worker = async (lane: number) => {
        for (let i = 0; i < 60 && !killing && socket.connected; i++) {
          const entry: Sent = {
            id: newId(),
            author,
            args: {
              conversationId: conversations[(lane + i) % conversations.length]!,
              messageId: newId(),
              text: `burst ${author} ${lane}/${i}`,
            },
            ackSeq: null,
          };
          sent.push(entry);
          try {
            const ack = await mutate(socket, 'conversation.note', entry.args, entry.id);
            if (!ack.ok) throw new Error(`${author}: ${ack.code} ${ack.message}`);
            entry.ackSeq = ack.value.seq;
            if (acked() >= 40) crash();
          } catch (error) {
            if (!killing) throw error; // only the crash may cost an ack
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, (_, lane) => worker(lane)));
    };
    const bursts = Promise.all([...live].map(([author, socket]) => burst(author, socket)));
    await Promise.race([crashed, bursts]);
    killing = true;
    await hub.kill('SIGKILL');
    await bursts;

    const unacked = sent.filter((s) => s.ackSeq === null);
    expect(acked()).toBeGreaterThanOrEqual(40);
    expect(unacked.length).toBeGreaterThan(0); // the kill really hit mutations in flight

    await hub.restart();

    // Before any retry: everything acknowledged survived the crash.
    for (const name of authors) {
      const socket = await connect(hub.url, who[name]!.token);
      sockets.push(socket);
      live.set(name, socket);
      const visible = messageIds((await pullAll(socket, who[name]!.cursor)).changes);
      const lost = sent.filter(
        (s) => s.author === name && s.ackSeq !== null && !visible.has(s.args.messageId),
      );
      expect(lost.map((s) => s.id)).toEqual([]);
    }

    // The clients' outboxes flush: every unacknowledged mutation again, same id, same args.
    let replayed = 0;
    for (const s of unacked) {
      const ack = await mutate(live.get(s.author)!, 'conversation.note', s.args, s.id);
      if (!ack.ok) throw new Error(`retry ${s.id}: ${ack.code} ${ack.message}`);
      if (ack.value.replayed) replayed++;
    }
    // And a duplicate delivery of acknowledged ones replays the stored result.
    for (const s of sent.filter((x) => x.ackSeq !== null).slice(0, 5)) {
      const ack = await mutate(live.get(s.author)!, 'conversation.note', s.args, s.id);
      expect(ack).toEqual({ ok: true, value: { seq: s.ackSeq, replayed: true } });
    }
    console.info(
      `${engine}: ${sent.length} sent, ${acked()} acked before the kill, ` +
        `${unacked.length} retried (${replayed} had committed before the kill)`,
    );

    for (const s of sockets) s.close();
    await hub.stop({ keepData: true });
    const store = await openStore(
      databaseUrl
        ? { engine: 'postgres', url: databaseUrl }
        : { engine: 'pglite', dataDir: hub.dataDir },
    );
    try {
      const ids = sent.map((s) => s.id);
      const messages = sent.map((s) => s.args.messageId);
      const ledger = await store.db
        .selectFrom('mutations')
        .select(['id', 'result'])
        .where('id', 'in', ids)
        .execute();
      expect(ledger).toHaveLength(sent.length);
      expect(ledger.every((r) => (r.result as { ok?: boolean }).ok === true)).toBe(true);
      const stored = await store.db
        .selectFrom('messages')
        .select(['id', 'text'])
        .where('text', 'like', 'burst %')
        .execute();
      expect(stored).toHaveLength(sent.length);
      expect(new Set(stored.map((m) => m.id))).toEqual(new Set(messages));
      expect(new Set(stored.map((m) => m.text)).size).toBe(sent.length);
      const rows = await store.db
        .selectFrom('changes')
        .select((eb) => ['entity_id', eb.fn.countAll<string>().as('n')])
        .where('entity', '=', 'message')
        .where('entity_id', 'in', messages)
        .groupBy('entity_id')
        .execute();
      expect(rows).toHaveLength(sent.length);
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
