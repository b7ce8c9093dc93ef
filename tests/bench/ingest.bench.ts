import { randomBytes } from 'node:crypto';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import { createInboundQueue } from '../../src-hub/domain/inbound.ts';
import { messageToRow } from '../../src-hub/domain/records.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { sql } from 'kysely';
import { result } from './report.ts';
import { connect, followLog, startBenchHub, tokensFor } from './bench-hub.ts';

/**
 * Sustained inbound messages per second, persisted AND fanned out (every listening desktop has
 * the last one, pushed or pulled), against the raw batched insert rate of the same rows on the same
 * engine.
 */
const bench = await startBenchHub({ customers: 200, conversations: 500 });
const { hub, engine } = bench;
const total = Number(process.env.BENCH_INGEST_MESSAGES ?? (engine === 'PGlite' ? 2000 : 5000));
const conversations = (await hub.store.db.selectFrom('conversations').select('id').execute()).map(
  (r) => r.id,
);
const listeners = await Promise.all(
  (await tokensFor(hub, 20)).map(async ({ token }) =>
    followLog(await connect(hub.url, token), 0, () => {}),
  ),
);
await Promise.all(listeners.map((l) => l.pull()));

const inbound = createInboundQueue({ write: hub.write });
const concurrency = 32;
let next = 0;
const start = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      await inbound.receive({
        id: formatUuidV7(Date.now(), randomBytes(10)),
        conversationId: conversations[i % conversations.length]!,
        authorName: 'Bench',
        text: `inbound ${i}`,
        receivedAt: Date.now(),
      });
    }
  }),
);
const head = await headSeq(hub.store.db);
// Fanned out: each listener's cursor reached the head (the poke-driven loop gets there on its own).
while (listeners.some((l) => l.head() < head)) await new Promise((r) => setTimeout(r, 5));
const seconds = (performance.now() - start) / 1000;

// Raw limit: the same number of message rows, batch-inserted 1,000 per statement, no change log.
await sql`create temp table raw_messages (like messages including defaults)`.execute(hub.store.db);
const sample = (await hub.store.db
  .selectFrom('messages')
  .selectAll()
  .limit(1)
  .executeTakeFirstOrThrow()) as Record<string, unknown>;
const rows = Array.from({ length: total }, (_, i) => ({
  ...messageToRow({
    id: formatUuidV7(Date.now(), randomBytes(10)),
    conversationId: sample.conversation_id,
    customerId: sample.customer_id,
    direction: 'inbound',
    channel: 'chat',
    authorType: 'customer',
    authorId: null,
    authorName: 'Bench',
    text: `raw ${i}`,
    html: null,
    attachments: [],
    call: null,
    deliveryStatus: 'received',
    createdAt: Date.now(),
  } as never),
}));
const rawStart = performance.now();
for (let i = 0; i < rows.length; i += 1000) {
  await hub.store.db
    .insertInto('raw_messages' as 'messages')
    .values(rows.slice(i, i + 1000))
    .execute();
}
const rawSeconds = (performance.now() - rawStart) / 1000;

process.stdout.write(
  `${JSON.stringify(
    result({
      name: `ingest, ${total.toLocaleString('en')} inbound messages, 20 desktops following (${engine})`,
      value: total / seconds,
      unit: 'messages/s',
      limit: total / rawSeconds,
      against: `batched INSERT of the same rows on ${engine}, 1,000 per statement, no change log`,
    }),
  )}\n`,
);
for (const l of listeners) l.close();
await bench.stop();
process.exit(0);
