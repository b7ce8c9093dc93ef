import { parentPort, workerData } from 'node:worker_threads';
import { io as ioClient } from 'socket.io-client';
import { connect, followLog } from './bench-hub.ts';

/**
 * The desktops of a latency benchmark, on their own thread so the hub's thread measures the hub.
 * Timestamps use timeOrigin + now(), which both threads share. A hub client counts a message
 * when the message itself reaches it (see followLog), never at the poke alone.
 */
interface Job {
  mode: 'hub' | 'raw';
  url: string;
  tokens: string[];
  cursor: number;
  clients: number;
}
const job = workerData as Job;
const clock = () => performance.timeOrigin + performance.now();
const latencies: number[] = [];
const closers: (() => void)[] = [];

if (job.mode === 'hub') {
  for (const token of job.tokens) {
    const socket = await connect(job.url, token);
    const f = followLog(socket, job.cursor, (text) => {
      const sent = Number(/@(\d+(?:\.\d+)?)$/.exec(text)?.[1]);
      if (Number.isFinite(sent)) latencies.push(clock() - sent);
    });
    closers.push(() => f.close());
  }
} else {
  for (let i = 0; i < job.clients; i++) {
    const s = ioClient(job.url, { transports: ['websocket'], forceNew: true });
    s.on('tick', (sent: number) => latencies.push(clock() - sent));
    await new Promise<void>((r) => s.once('connect', () => r()));
    closers.push(() => s.close());
  }
}
parentPort?.postMessage({ type: 'ready' });
parentPort?.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  for (const close of closers) close();
  parentPort?.postMessage({ type: 'latencies', latencies });
});
