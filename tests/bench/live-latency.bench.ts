import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Server } from 'socket.io';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { createInboundQueue } from '../../src-hub/domain/inbound.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { result } from './report.ts';
import { percentile, startBenchHub, tokensFor } from './bench-hub.ts';

/**
 * With 200 desktops connected, how long from an inbound message being handed to the hub until a
 * desktop that may see it has the message in hand (carried by its poke, or pulled when the poke
 * cannot be followed), at a steady 200 messages/s. The limit is
 * a bare socket.io broadcast of a timestamp to 200 clients at the same rate, in the same run. The
 * clients live on a worker thread so they do not compete with the hub for its event loop.
 */
const CLIENTS = 200;
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const clock = () => performance.timeOrigin + performance.now();

async function paced(count: number, perSecond: number, send: (i: number) => unknown) {
  const start = performance.now();
  const inflight: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(i));
  }
  await Promise.all(inflight);
}

async function withClients(
  job: Record<string, unknown>,
  drive: () => Promise<void>,
): Promise<number[]> {
  const worker = new Worker(new URL('./clients.worker.ts', import.meta.url), { workerData: job });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
  });
  await drive();
  await new Promise((r) => setTimeout(r, 1500));
  const latencies = await new Promise<number[]>((resolve) => {
    worker.on(
      'message',
      (m: { type: string; latencies?: number[] }) =>
        m.type === 'latencies' && resolve(m.latencies ?? []),
    );
    worker.postMessage({ type: 'stop' });
  });
  await worker.terminate();
  return latencies.sort((a, b) => a - b);
}

async function rawBroadcast(): Promise<number[]> {
  const http = createServer();
  const server = new Server(http, { transports: ['websocket'] });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const latencies = await withClients(
    { mode: 'raw', url, tokens: [], cursor: 0, clients: CLIENTS },
    () => paced(RATE * SECONDS, RATE, () => void server.emit('tick', clock())),
  );
  await server.close();
  return latencies;
}

const bench = await startBenchHub({ customers: 200, conversations: 500 });
const { hub, engine } = bench;
const conversations = (await hub.store.db.selectFrom('conversations').select('id').execute()).map(
  (r) => r.id,
);
const inbound = createInboundQueue({ write: hub.write });
const tokens = (await tokensFor(hub, CLIENTS)).map((t) => t.token);
const latencies = await withClients(
  { mode: 'hub', url: hub.url, tokens, cursor: await headSeq(hub.store.db), clients: CLIENTS },
  () =>
    paced(RATE * SECONDS, RATE, (i) =>
      inbound.receive({
        id: formatUuidV7(Date.now(), randomBytes(10)),
        conversationId: conversations[i % conversations.length]!,
        authorName: 'Bench',
        text: `live ${i} @${clock()}`,
        receivedAt: Date.now(),
      }),
    ),
);
const raw = await rawBroadcast();
const p99 = percentile(latencies, 99);
process.stderr.write(
  `live latency ${engine}: ${latencies.length} deliveries, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms; ` +
    `raw broadcast p50 ${percentile(raw, 50).toFixed(1)} ms, p99 ${percentile(raw, 99).toFixed(1)} ms\n`,
);
process.stdout.write(
  `${JSON.stringify(
    result({
      name: `live latency p99, ${CLIENTS} desktops, ${RATE} msg/s (${engine})`,
      value: p99,
      unit: 'ms',
      limit: percentile(raw, 99),
      against: `p99 of a bare socket.io broadcast to ${CLIENTS} clients at ${RATE}/s, same run`,
    }),
  )}\n`,
);
await bench.stop();
process.exit(0);
