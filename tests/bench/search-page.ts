/**
 * Browser side of search.bench.ts, bundled and run in headless Chromium: fills IndexedDB through
 * the app's own snapshot path (applySnapshotPage, then the search backlog it leaves, indexed as
 * the app does after a bootstrap), then times queries.
 */
import { buildDemoDataset, Rng } from '../../src-hub/demo/dataset.ts';
import type { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import type { Message } from '#shared/domain/message.ts';
import { tokenize } from '#shared/logic/search-text.ts';
import { applySnapshotPage } from '../../src-renderer/data/apply-changes.ts';
import { indexSearchBacklog } from '../../src-renderer/data/search-backlog.ts';
import { openDb, type PromptlyDb } from '../../src-renderer/data/db.ts';
import { searchConversations } from '../../src-renderer/data/search.ts';

const NOW = Date.UTC(2026, 5, 1);
const PAGE_CONVERSATIONS = 500;
// About one message in twenty gets a line in another language, as a mixed customer base writes.
const SPRINKLE = [
  'Ich möchte eine Rückerstattung für meine Bestellung.',
  'Je voudrais annuler ma commande, merci beaucoup.',
  '¿Dónde está mi pedido? Necesito la factura.',
  'أريد استرداد المبلغ من فضلك، الطلب لم يصل',
  'Θέλω επιστροφή χρημάτων για την παραγγελία μου.',
  'Хочу вернуть деньги за заказ, посылка не пришла.',
  '注文した商品がまだ届きません。返金をお願いします。',
  '我的订单还没有到，请帮我退款。',
  '주문한 상품이 아직 도착하지 않았습니다. 환불 부탁드립니다.',
  'ขอคืนเงินสำหรับคำสั่งซื้อนี้',
];

const dbs = new Map<string, PromptlyDb>();
const db = (name: string) => {
  let d = dbs.get(name);
  if (!d) dbs.set(name, (d = openDb(name)));
  return d;
};

function sprinkle(messages: Message[], rng: Rng): Message[] {
  return messages.map((m) =>
    rng.next() < 0.05 ? { ...m, text: `${m.text}\n${rng.pick(SPRINKLE)}` } : m,
  );
}

/** Stores without the search index: the same bulkPuts applySnapshotPage does, for the comparison. */
async function storeWithoutIndex(d: PromptlyDb, page: SyncSnapshotPage) {
  await d.transaction('rw', [d.conversations, d.messages, d.customers, d.identities], async () => {
    await d.conversations.bulkPut(page.conversations);
    await d.messages.bulkPut(page.messages);
    await d.customers.bulkPut(page.customers);
  });
}

/**
 * Fills a database with `targetMessages` demo messages, generated in chunks (one dataset per seed,
 * so memory stays flat) and stored a snapshot page at a time. Returns the time spent storing.
 */
async function fill(name: string, targetMessages: number, index: boolean) {
  const d = db(name);
  const rng = new Rng(7);
  let stored = 0;
  let ms = 0;
  for (let seed = 1; stored < targetMessages; seed++) {
    const data = buildDemoDataset({ now: NOW, seed, customers: 1_000, conversations: 5_000 });
    const messages = sprinkle(data.messages, rng);
    const byConversation = new Map<string, Message[]>();
    for (const m of messages)
      byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
    for (
      let i = 0;
      i < data.conversations.length && stored < targetMessages;
      i += PAGE_CONVERSATIONS
    ) {
      const conversations = data.conversations.slice(i, i + PAGE_CONVERSATIONS);
      const page: SyncSnapshotPage = {
        conversations,
        messages: conversations.flatMap((c) => byConversation.get(c.id) ?? []),
        customers: i === 0 ? data.customers : [],
        agents: [],
        teams: [],
        notifications: [],
        identities: [],
        callbacks: [],
        surveys: [],
        canned: [],
        views: [],
        cursor: 1,
        nextPage: 'more',
      };
      const t0 = performance.now();
      try {
        if (index) await applySnapshotPage(d, page, NOW);
        else await storeWithoutIndex(d, page);
      } catch (error) {
        // Dexie's errors do not survive page.evaluate whole: say what failed, and where.
        const e = error as {
          name?: string;
          message?: string;
          inner?: { name?: string; message?: string };
        };
        throw new Error(
          `storing failed after ${stored} messages (seed ${seed}, page ${i}): ${e.name}: ${e.message}` +
            (e.inner ? ` (inner ${e.inner.name}: ${e.inner.message})` : ''),
          { cause: error },
        );
      }
      ms += performance.now() - t0;
      stored += page.messages.length;
    }
  }
  if (index) {
    // The last page carries the cursor and leaves the index backlog, which the app then works
    // through after the snapshot: counted here, so "with the index" is the whole cost.
    const t0 = performance.now();
    await applySnapshotPage(d, { ...EMPTY_PAGE, nextPage: null }, NOW);
    await indexSearchBacklog(d);
    ms += performance.now() - t0;
  }
  return { stored, ms };
}

const EMPTY_PAGE: SyncSnapshotPage = {
  conversations: [],
  messages: [],
  customers: [],
  agents: [],
  teams: [],
  notifications: [],
  identities: [],
  callbacks: [],
  surveys: [],
  canned: [],
  views: [],
  cursor: 1,
  nextPage: 'more',
};

/** ~200 queries of 1–3 prefixes (3+ letters) of words drawn from stored messages. */
async function makeQueries(name: string, count: number) {
  const d = db(name);
  const rng = new Rng(11);
  const total = await d.messages.count();
  const queries: string[] = [];
  while (queries.length < count) {
    const [m] = await d.messages
      .offset(Math.floor(rng.next() * total))
      .limit(1)
      .toArray();
    const words = tokenize(m?.text ?? '').filter((w) => w.length >= 3 && !/^\d+$/.test(w));
    if (!words.length) continue;
    const n = 1 + Math.floor(rng.next() * 3);
    const picked = Array.from({ length: n }, () => rng.pick(words));
    queries.push(
      picked
        .map((w) => w.slice(0, Math.max(3, Math.ceil(w.length * (0.4 + rng.next() * 0.6)))))
        .join(' '),
    );
  }
  // A few that the sprinkle answers, and one that matches nothing.
  queries.splice(0, 4, 'ruckerst bestell', '注文', 'استرداد', 'qqzxv');
  return queries;
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

async function runQueries(name: string, queries: string[]) {
  const d = db(name);
  const times: number[] = [];
  let hits = 0;
  let partial = 0;
  for (const q of queries) {
    const t0 = performance.now();
    const r = await searchConversations(d, q);
    times.push(performance.now() - t0);
    hits += r.hits.length;
    if (r.partial) partial++;
  }
  const worst = queries[times.indexOf(Math.max(...times))];
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    max: Math.max(...times),
    worst,
    hits,
    partial,
  };
}

/** The raw limit: one indexed key lookup on the same index, over the queries' first terms. */
async function rawLookups(name: string, queries: string[]) {
  const d = db(name);
  const idb = d.backendDB();
  const times: number[] = [];
  for (const q of queries) {
    const term = q.split(' ')[0] ?? q;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const r = idb
        .transaction('searchText')
        .objectStore('searchText')
        .index('w')
        .getKey(IDBKeyRange.lowerBound(term));
      r.onsuccess = () => resolve();
      r.onerror = () => resolve();
    });
    times.push(performance.now() - t0);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function sizes(name: string) {
  const d = db(name);
  return { messages: await d.messages.count(), rows: await d.searchText.count() };
}

Object.assign(globalThis, { searchBench: { fill, makeQueries, runQueries, rawLookups, sizes } });
