import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { createClient } from '@redis/client';
import type { Change } from '#shared/domain/change.ts';
import { AGENT_NAMESPACE } from '#shared/contracts/socket.ts';
import {
  createTestDatabase,
  login,
  startHubProcess,
  type HubProcess,
} from '../support/hub-process.ts';
import { mutate, newId } from '../support/mutate.ts';
import { pullAll } from '../support/pull.ts';
import { connectSyncClient, type SyncClient } from './sync-client.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
/** The Redis Streams variant runs when TEST_REDIS_URL is set (e.g. redis://127.0.0.1:6379). */
const adapters = ['postgres', ...(redisUrl ? ['redis'] : [])] as const;

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

const seqs = (changes: readonly Change[]) => changes.map((c) => c.seq);
const messageIds = (changes: readonly Change[]) =>
  changes.flatMap((c) => (c.entity === 'message' && c.op === 'put' ? [c.data.id as string] : []));
const isSortedUnique = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

// Several nodes need a shared server database: PGlite is one process. CI runs this file again
// with TEST_DATABASE_URL set (.ci/run), where it does run.
describe.skipIf(!adminUrl).each(adapters)(
  'two hub nodes on one PostgreSQL (%s broadcast)',
  (adapter) => {
    let n1: HubProcess;
    let n2: HubProcess;
    let databaseUrl: string;
    let drop: () => Promise<void>;
    const clients: SyncClient[] = [];
    const sockets: Socket[] = [];
    const people: Record<string, { token: string; id: string }> = {};
    let supportConversations: string[] = [];

    beforeAll(async () => {
      const database = await createTestDatabase(adminUrl!, 'nodes');
      databaseUrl = database.url;
      drop = database.drop;
      const env: Record<string, string> = adapter === 'redis' ? { REDIS_URL: redisUrl! } : {};
      // One node seeds; the second starts on the seeded database, as a scale-out would.
      n1 = await startHubProcess({ name: 'n1', databaseUrl, demo: true, env });
      n2 = await startHubProcess({ name: 'n2', databaseUrl, env });
      for (const [name, node] of [
        ['ada', n1],
        ['lin', n2],
        ['root', n2],
      ] as const) {
        const { token, user } = await login(node.url, `${name}@demo.test`);
        people[name] = { token, id: user.id };
      }
    });
    afterAll(async () => {
      for (const c of clients) c.close();
      for (const s of sockets) s.close();
      await n1?.stop();
      await n2?.stop();
      await drop?.();
    });

    const client = async (name: string, urls: string[]) => {
      const c = await connectSyncClient({ name, urls, token: people[name]!.token });
      clients.push(c);
      return c;
    };

    it('delivers a mutation made through node 1 to a lead on node 2 as a live poke', async () => {
      const ada = await client('ada', [n1.url, n2.url]);
      const lin = await client('lin', [n2.url, n1.url]);
      expect(ada.connectedTo()).toBe(n1.url);
      expect(lin.connectedTo()).toBe(n2.url);
      supportConversations = [
        ...new Set(
          ada
            .changes()
            .flatMap((c) =>
              c.entity === 'conversation' && c.op === 'put' ? [c.data.id as string] : [],
            ),
        ),
      ];
      expect(supportConversations.length).toBeGreaterThan(2);

      const pokesBefore = lin.pokes().length;
      const messageId = newId();
      const ack = await mutate(ada.socket(), 'conversation.reply', {
        conversationId: supportConversations[0],
        messageId,
        text: 'Across nodes: your replacement ships today.',
      });
      expect(ack.ok).toBe(true);
      const seq = ack.ok ? ack.value.seq : -1;
      // lin's client pulls only on connect and on poke, so seeing the message proves the poke.
      await lin.waitFor('the poke from node 1', () =>
        lin
          .pokes()
          .slice(pokesBefore)
          .some((p) => p.seq >= seq && p.url === n2.url),
      );
      await lin.waitFor('the reply', () => messageIds(lin.changes()).includes(messageId));
      expect(lin.cursor()).toBeGreaterThanOrEqual(seq);

      if (adapter === 'redis') {
        // The broadcast really went through Redis: the cluster's stream holds entries.
        const redis = createClient({ url: redisUrl! });
        await redis.connect();
        try {
          const db = new URL(databaseUrl);
          const stream = `promptly:${db.hostname}:${db.port || '5432'}${db.pathname}:socket.io`;
          expect(await redis.xLen(stream)).toBeGreaterThan(0);
        } finally {
          await redis.close();
        }
      }
    });

    it('never lets a reader skip a change while both nodes write concurrently', async () => {
      const root = await client('root', [n2.url]);
      const ada = clients.find((c) => c.name === 'ada')!;
      const lin = clients.find((c) => c.name === 'lin')!;
      const start = root.cursor();
      const seen = root.changes().length;
      const burst = (c: SyncClient, n: number) =>
        Promise.all(
          Array.from({ length: n }, (_, i) =>
            mutate(c.socket(), 'conversation.note', {
              conversationId: supportConversations[i % supportConversations.length],
              messageId: newId(),
              text: `concurrent note ${i} from ${c.name}`,
            }),
          ),
        );
      const acks = (await Promise.all([burst(ada, 40), burst(lin, 40)])).flat();
      expect(acks.every((a) => a.ok)).toBe(true);
      const top = Math.max(...acks.map((a) => (a.ok ? a.value.seq : 0)));
      await root.waitFor('every write', () => root.cursor() >= top);
      // root pulled page by page, on every poke, while the writers were still committing. Had seq
      // N+1 become visible before N, its cursor would have passed N and never returned for it.
      const incremental = root.changes().slice(seen);
      const fresh = await pullAll(root.socket(), start);
      expect(isSortedUnique(seqs(incremental))).toBe(true);
      expect(seqs(incremental)).toEqual(seqs(fresh.changes).filter((s) => s <= root.cursor()));
      expect(messageIds(incremental)).toHaveLength(80);
    });

    it('carries a change written through node 1 to a client on node 2, with no pull', async () => {
      const ada = clients.find((c) => c.name === 'ada')!;
      const lin = clients.find((c) => c.name === 'lin')!;
      const note = async () => {
        const messageId = newId();
        const ack = await mutate(ada.socket(), 'conversation.note', {
          conversationId: supportConversations[0],
          messageId,
          text: 'carried across nodes',
        });
        expect(ack.ok).toBe(true);
        await lin.waitFor('the note', () => messageIds(lin.changes()).includes(messageId));
      };
      // The first push after the concurrent burst may find lin's chain broken; the next may not.
      await note();
      const pulls = lin.pulls();
      await note();
      expect(lin.pulls()).toBe(pulls);
      expect(lin.pokes().at(-1)).toMatchObject({ url: n2.url, carried: true });
    });

    it('tells a lead on node 2 that an agent on node 1 opened a conversation', async () => {
      const ada = await connect(n1.url, people.ada!.token);
      const lin = await connect(n2.url, people.lin!.token);
      sockets.push(ada, lin);
      const id = supportConversations[1]!;
      const heard = new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('node 2 never heard')), 10_000);
        lin.on('inbox:viewing', (v: { conversationId?: string; viewers?: unknown[] }) => {
          if (v.conversationId === id && v.viewers?.length) {
            clearTimeout(timer);
            resolve(v);
          }
        });
      });
      expect(await ada.emitWithAck('conversation:view', { conversationId: id })).toMatchObject({
        ok: true,
      });
      expect(await heard).toMatchObject({ viewers: [{ userId: people.ada!.id }] });
      const list = (await lin.emitWithAck('viewing:list', {})) as {
        value: { conversationId: string }[];
      };
      expect(list.value.map((v) => v.conversationId)).toContain(id);
    });

    it('disconnects a user’s sockets on every node (password change through the other node)', async () => {
      const first = await login(n1.url, 'sam@demo.test');
      const second = await login(n2.url, 'sam@demo.test');
      const onNode1 = await connect(n1.url, first.token);
      sockets.push(onNode1);
      const reason = new Promise<string>((resolve) => {
        onNode1.once('disconnect', resolve);
        setTimeout(() => resolve('still connected after 10 s'), 10_000);
      });
      const res = await fetch(`${n2.url}/api/v1/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${second.token}` },
        body: JSON.stringify({
          currentPassword: 'promptly-demo',
          newPassword: 'a-new-long-passphrase',
        }),
      });
      expect(res.status).toBe(200);
      expect(await reason).toBe('io server disconnect');
    });

    it('fails over to node 2 when node 1 dies and pulls from its cursor with no gap and no repeat', async () => {
      const ada = clients.find((c) => c.name === 'ada')!;
      const lin = clients.find((c) => c.name === 'lin')!;
      await ada.pull();
      const cursor = ada.cursor();
      const applied = ada.changes().length;
      expect(ada.connectedTo()).toBe(n1.url);

      await n1.kill('SIGKILL');
      // Written on node 2 while ada is cut off and reconnecting.
      const written: { messageId: string; seq: number }[] = [];
      for (let i = 0; i < 12; i++) {
        const messageId = newId();
        const ack = await mutate(lin.socket(), 'conversation.note', {
          conversationId: supportConversations[i % supportConversations.length],
          messageId,
          text: `written during the failover ${i}`,
        });
        if (!ack.ok) throw new Error(ack.message);
        written.push({ messageId, seq: ack.value.seq });
      }
      await ada.waitFor('ada back on node 2 with every note', () => {
        const ids = new Set(messageIds(ada.changes().slice(applied)));
        return ada.connectedTo() === n2.url && written.every((w) => ids.has(w.messageId));
      });
      expect(ada.history().slice(-1)).toEqual([n2.url]);
      const after = ada.changes().slice(applied);
      expect(isSortedUnique(seqs(after))).toBe(true);
      for (const w of written) {
        expect(messageIds(after).filter((id) => id === w.messageId)).toHaveLength(1);
      }
      // The same as a fresh reader on node 2 sees from ada's stored cursor: nothing missing.
      const check = await connect(n2.url, people.ada!.token);
      sockets.push(check);
      const fresh = await pullAll(check, cursor);
      expect(seqs(after)).toEqual(seqs(fresh.changes).filter((s) => s <= ada.cursor()));
    });
  },
);
