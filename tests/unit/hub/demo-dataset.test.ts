import { describe, expect, it } from 'vitest';
import { Conversation } from '#shared/domain/conversation.ts';
import { Customer } from '#shared/domain/customer.ts';
import { LIMITS } from '#shared/domain/limits.ts';
import { Message } from '#shared/domain/message.ts';
import { Agent, Email, Team } from '#shared/domain/user.ts';
import { uuidV7Time } from '#shared/logic/ids.ts';
import { buildDemoDataset, demoAgent, type DemoDataset } from '../../../src-hub/demo/dataset.ts';

const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);
const DAY = 86_400_000;
const base = buildDemoDataset({ now: NOW });

function threads(d: DemoDataset): Map<string, Message[]> {
  const out = new Map<string, Message[]>();
  for (const m of d.messages) {
    const list = out.get(m.conversationId);
    if (list) list.push(m);
    else out.set(m.conversationId, [m]);
  }
  for (const list of out.values()) list.sort((a, b) => a.createdAt - b.createdAt);
  return out;
}

function lastVisible(thread: readonly Message[]): Message | undefined {
  return thread.filter((m) => m.direction !== 'note').at(-1);
}

/** The structural rules every dataset must satisfy, whatever the seed or size. */
const lookups = new WeakMap<
  DemoDataset,
  { customers: Map<string, Customer>; users: Map<string, DemoDataset['users'][number]> }
>();

function checkConversation(
  d: DemoDataset,
  c: Conversation,
  thread: readonly Message[],
  maxThread = 8,
) {
  let maps = lookups.get(d);
  if (!maps) {
    maps = {
      customers: new Map(d.customers.map((x) => [x.id, x])),
      users: new Map(d.users.map((u) => [u.id, u])),
    };
    lookups.set(d, maps);
  }
  const { customers, users } = maps;
  const customer = customers.get(c.customerId);
  expect(customer, `customer of ${c.id}`).toBeDefined();
  expect(thread.length).toBeGreaterThanOrEqual(2);
  expect(thread.length).toBeLessThanOrEqual(maxThread);

  const firstInbound = thread.find((m) => m.direction === 'inbound');
  expect(firstInbound).toBeDefined();
  expect(thread[0]?.direction).toBe('inbound');
  expect(c.firstMessageId).toBe(firstInbound?.id);
  expect(c.createdAt).toBeLessThanOrEqual(thread[0]?.createdAt ?? -1);
  expect(c.createdAt).toBeGreaterThanOrEqual(customer?.createdAt ?? Infinity);

  const last = thread.at(-1);
  expect(c.lastMessageAt).toBe(last?.createdAt);
  expect(c.updatedAt).toBe(c.lastMessageAt);
  expect(c.lastMessageAt).toBeLessThan(NOW);
  expect(c.version).toBe(1);
  expect(last?.direction).not.toBe('note');
  const flat = (last?.text ?? '').replace(/\s+/g, ' ').trim();
  expect(c.preview.length).toBeLessThanOrEqual(140);
  expect(flat.startsWith(c.preview.replace(/…$/, ''))).toBe(true);

  for (let i = 1; i < thread.length; i++) {
    const prev = thread[i - 1];
    const cur = thread[i];
    expect(cur && prev && cur.createdAt - prev.createdAt).toBeGreaterThanOrEqual(60_000);
    expect(cur && prev && cur.id > prev.id).toBe(true);
  }

  const team = c.teamId;
  if (c.assigneeId) expect(users.get(c.assigneeId)?.teamIds).toContain(team);
  else expect(thread.some((m) => m.direction === 'outbound')).toBe(false);

  for (const m of thread) {
    expect(m.customerId).toBe(c.customerId);
    expect(m.channel).toBe(c.channel);
    expect(uuidV7Time(m.id)).toBe(m.createdAt);
    expect(m.text).not.toMatch(/\{\w+\}/);
    if (m.direction === 'inbound') {
      expect(m).toMatchObject({
        authorType: 'customer',
        authorId: null,
        authorName: customer?.name,
        deliveryStatus: 'received',
      });
    } else {
      expect(m.authorType).toBe('agent');
      expect(users.get(m.authorId ?? '')?.teamIds).toContain(team);
      if (m.direction === 'note') expect(m.deliveryStatus).toBe('sent');
      else expect(['delivered', 'read']).toContain(m.deliveryStatus);
    }
    if (m.direction === 'note') {
      expect(m.html).toBeNull();
      expect(m.call).toBeNull();
    } else if (m.channel === 'email') {
      expect(m.html).toMatch(/<p>/);
      expect(m.call).toBeNull();
    } else if (m.channel === 'phone') {
      expect(m.html).toBeNull();
      expect(m.call).not.toBeNull();
      expect(m.call?.direction).toBe(m.direction);
      expect(m.text).toMatch(
        /^(Inbound call|Outbound call|Voicemail|Voicemail left) · \d+m \d\ds$/,
      );
      expect(m.call?.transcript).toBeTruthy();
    } else {
      expect(m.html).toBeNull();
      expect(m.call).toBeNull();
      expect(m.attachments).toEqual([]);
    }
  }

  // Waiting: set exactly when an unresolved thread ends with the customer, from their first unanswered message.
  const lastSeen = lastVisible(thread);
  if (c.status === 'resolved' || lastSeen?.direction !== 'inbound') {
    expect(c.waitingSince).toBeNull();
  } else {
    const lastOut = thread.findLastIndex((m) => m.direction === 'outbound');
    const firstUnanswered = thread.slice(lastOut + 1).find((m) => m.direction === 'inbound');
    expect(c.waitingSince).toBe(firstUnanswered?.createdAt);
  }
}

describe('buildDemoDataset', () => {
  it('is deterministic for the same options and varies with the seed', () => {
    const again = buildDemoDataset({ now: NOW });
    expect(JSON.stringify(again)).toBe(JSON.stringify(base));
    const other = buildDemoDataset({ now: NOW, seed: 2 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(base));
    // Customers come from their own stream, so they don't depend on how many conversations are built.
    const fewer = buildDemoDataset({ now: NOW, conversations: 10 });
    expect(fewer.customers).toEqual(base.customers);
    expect(fewer.users).toEqual(base.users);
  });

  it('produces records that all pass their schemas unchanged', () => {
    for (const t of base.teams) expect(Team.parse(t)).toEqual(t);
    for (const u of base.users) {
      const agent = demoAgent(u);
      expect(Agent.parse(agent)).toEqual(agent);
      expect(Email.parse(u.email)).toBe(u.email);
    }
    for (const c of base.customers) expect(Customer.parse(c)).toEqual(c);
    for (const c of base.conversations) expect(Conversation.parse(c)).toEqual(c);
    for (const m of base.messages) expect(Message.parse(m)).toEqual(m);
  });

  it('respects the limits on customer-supplied strings', () => {
    for (const c of base.customers) {
      expect(c.name.length).toBeLessThanOrEqual(LIMITS.name);
      expect((c.email ?? '').length).toBeLessThanOrEqual(LIMITS.email);
      expect((c.phone ?? '').length).toBeLessThanOrEqual(LIMITS.phone);
      if (c.phone) expect(c.phone).toMatch(/^\+[1-9]\d{7,14}$/);
      if (c.email) expect(c.email).toMatch(/^[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+$/);
      if (c.timezone)
        expect(c.timezone).toMatch(
          /^(Africa|America|Asia|Atlantic|Australia|Europe|Pacific)\/[A-Za-z_/]+$/,
        );
    }
    for (const m of base.messages) {
      expect(m.text.length).toBeLessThanOrEqual(LIMITS.text);
      expect((m.html ?? '').length).toBeLessThanOrEqual(LIMITS.html);
      for (const a of m.attachments)
        expect(a.name.length).toBeLessThanOrEqual(LIMITS.attachmentName);
    }
  });

  it('has the demo staff with ada and sam in different teams', () => {
    const byEmail = new Map(base.users.map((u) => [u.email, u]));
    expect(base.teams.map((t) => t.name)).toEqual(['Support', 'Billing & Accounts']);
    const [support, billing] = base.teams;
    expect(byEmail.get('ada@demo.test')).toMatchObject({
      name: 'Ada Lovelace',
      role: 'agent',
      teamIds: [support?.id],
    });
    expect(byEmail.get('sam@demo.test')).toMatchObject({
      name: 'Sam Okafor',
      role: 'agent',
      teamIds: [billing?.id],
    });
    expect(byEmail.get('lin@demo.test')).toMatchObject({
      role: 'lead',
      teamIds: [support?.id, billing?.id],
    });
    expect(byEmail.get('root@demo.test')).toMatchObject({ role: 'admin', teamIds: [] });
    expect(base.users.filter((u) => u.role === 'agent').length).toBeGreaterThanOrEqual(5);
    expect(base.users.every((u) => u.email.endsWith('@demo.test'))).toBe(true);
    expect(base.users[0]).not.toHaveProperty('password');
  });

  it('has enough customers and conversations over every channel by default', () => {
    expect(base.customers.length).toBeGreaterThanOrEqual(50);
    expect(base.conversations.length).toBeGreaterThanOrEqual(200);
    const channels = new Set(base.conversations.map((c) => c.channel));
    for (const ch of ['chat', 'email', 'sms', 'phone', 'whatsapp'] as const)
      expect(channels).toContain(ch);
    const zones = new Set(base.customers.map((c) => c.timezone));
    expect(zones.size).toBeGreaterThanOrEqual(20);
    expect(base.customers.some((c) => c.company)).toBe(true);
    expect(base.customers.some((c) => c.notes.length > 0)).toBe(true);
  });

  it('gives every conversation a consistent thread', () => {
    const byConv = threads(base);
    expect(byConv.size).toBe(base.conversations.length);
    for (const c of base.conversations) checkConversation(base, c, byConv.get(c.id) ?? []);
  });

  it('keeps the structural rules for other seeds too', () => {
    for (const seed of [2, 3, 42, 1234]) {
      const d = buildDemoDataset({ now: NOW, seed });
      const byConv = threads(d);
      for (const c of d.conversations) checkConversation(d, c, byConv.get(c.id) ?? []);
    }
  });

  it('uses unique ids stamped with each record creation time', () => {
    const ids = [
      ...base.teams,
      ...base.users,
      ...base.customers,
      ...base.conversations,
      ...base.messages,
    ].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of base.customers) expect(uuidV7Time(c.id)).toBe(c.createdAt);
    for (const c of base.conversations) expect(uuidV7Time(c.id)).toBe(c.createdAt);
    const attachmentIds = base.messages.flatMap((m) => m.attachments.map((a) => a.id));
    expect(new Set(attachmentIds).size).toBe(attachmentIds.length);
  });

  it('puts the newest conversations in an open/pending cluster within the last day', () => {
    const newest = [...base.conversations].sort((a, b) => b.lastMessageAt - a.lastMessageAt);
    const recent = newest.filter((c) => c.lastMessageAt > NOW - DAY);
    expect(recent.length).toBeGreaterThanOrEqual(30);
    expect(recent.length).toBeLessThanOrEqual(40);
    expect(newest.slice(0, recent.length)).toEqual(recent);
    for (const c of recent) expect(['open', 'pending']).toContain(c.status);
    expect(recent.filter((c) => c.waitingSince !== null).length).toBeGreaterThanOrEqual(10);
    const older = newest.slice(recent.length);
    expect(older.filter((c) => c.status === 'resolved').length / older.length).toBeGreaterThan(
      0.75,
    );
    const oldest = Math.min(...base.conversations.map((c) => c.lastMessageAt));
    expect(NOW - oldest).toBeGreaterThan(90 * DAY);
    expect(NOW - oldest).toBeLessThanOrEqual(121 * DAY);
  });

  it('has open unassigned work and a mix of priorities and tags', () => {
    const unassigned = base.conversations.filter(
      (c) => c.status === 'open' && c.assigneeId === null,
    );
    expect(unassigned.length).toBeGreaterThanOrEqual(3);
    const priorities = new Set(base.conversations.map((c) => c.priority));
    expect([...priorities].sort()).toEqual(['high', 'low', 'normal', 'urgent']);
    expect(
      base.conversations.filter((c) => c.priority === 'normal').length / base.conversations.length,
    ).toBeGreaterThan(0.5);
    const tags = new Set(base.conversations.flatMap((c) => c.tags));
    for (const t of [
      'billing',
      'refund',
      'shipping',
      'bug',
      'login',
      'cancellation',
      'vip',
      'feature-request',
    ])
      expect(tags).toContain(t);
  });

  it('routes billing topics to the billing team', () => {
    const billing = base.teams[1]?.id;
    for (const c of base.conversations) {
      if (c.tags.includes('invoice') || c.tags.includes('cancellation'))
        expect(c.teamId).toBe(billing);
      if (c.tags.includes('login') || c.tags.includes('bug')) expect(c.teamId).not.toBe(billing);
    }
  });

  it('includes the e-mail cases the renderer must handle', () => {
    const html = base.messages.flatMap((m) => (m.html ? [m.html] : []));
    expect(html.some((h) => h.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(html.some((h) => h.includes('<script>'))).toBe(true);
    expect(html.some((h) => /<img src="https:\/\//.test(h))).toBe(true);
    expect(html.some((h) => h.includes('<blockquote'))).toBe(true);
    const names = new Set(base.messages.flatMap((m) => m.attachments.map((a) => a.name)));
    for (const n of ['invoice.pdf', 'screenshot.png', 'receipt.jpg'])
      expect([...names].some((x) => x === n || (n === 'invoice.pdf' && x.endsWith('.pdf')))).toBe(
        true,
      );
    for (const m of base.messages)
      for (const a of m.attachments) expect(a.size).toBeGreaterThan(10_000);
    const calls = base.messages.flatMap((m) => (m.call ? [m.call] : []));
    expect(calls.some((c) => c.kind === 'voicemail')).toBe(true);
    expect(calls.some((c) => c.kind === 'call' && c.direction === 'inbound')).toBe(true);
    expect(calls.some((c) => c.kind === 'call' && c.direction === 'outbound')).toBe(true);
    expect(base.messages.some((m) => m.direction === 'note')).toBe(true);
  });

  it('rejects impossible options', () => {
    expect(() => buildDemoDataset({ now: NOW, customers: 0, conversations: 5 })).toThrow(
      RangeError,
    );
    expect(() => buildDemoDataset({ now: NOW, conversations: -1 })).toThrow(RangeError);
    expect(() => buildDemoDataset({ now: Number.NaN })).toThrow(RangeError);
    const empty = buildDemoDataset({ now: NOW, customers: 0, conversations: 0 });
    expect(empty.conversations).toEqual([]);
    expect(empty.users.length).toBeGreaterThan(0);
  });

  it('scales to 20k conversations and stays valid', { timeout: 60_000 }, () => {
    const started = performance.now();
    const big = buildDemoDataset({ now: NOW, customers: 5000, conversations: 20_000 });
    const ms = performance.now() - started;
    console.info(
      `demo dataset: 20k conversations, ${big.messages.length} messages in ${ms.toFixed(0)} ms`,
    );
    expect(big.customers.length).toBe(5000);
    expect(big.conversations.length).toBe(20_000);
    const ids = new Set<string>();
    for (const r of [...big.customers, ...big.conversations, ...big.messages]) ids.add(r.id);
    expect(ids.size).toBe(big.customers.length + big.conversations.length + big.messages.length);
    expect(new Set(big.customers.flatMap((c) => (c.email ? [c.email] : []))).size).toBe(
      big.customers.filter((c) => c.email).length,
    );

    const byConv = threads(big);
    const sample = big.conversations.filter((_, i) => i % 97 === 0);
    for (const c of sample) {
      expect(Conversation.parse(c)).toEqual(c);
      const thread = byConv.get(c.id) ?? [];
      for (const m of thread) expect(Message.parse(m)).toEqual(m);
      checkConversation(big, c, thread);
    }
    for (const c of big.customers.filter((_, i) => i % 53 === 0))
      expect(Customer.parse(c)).toEqual(c);
  });

  it('grows threads to a minimum length and keeps history within the days asked for', () => {
    const d = buildDemoDataset({ now: NOW, minThreadLength: 10, historyDays: 30 });
    expect(d.conversations.length).toBe(base.conversations.length);
    const byConv = threads(d);
    for (const c of d.conversations) {
      const thread = byConv.get(c.id) ?? [];
      expect(thread.length).toBeGreaterThanOrEqual(10);
      expect(c.lastMessageAt).toBeGreaterThanOrEqual(NOW - 30 * DAY);
      checkConversation(d, c, thread, 10);
      for (const m of thread) expect(Message.parse(m)).toEqual(m);
    }
    expect(base.conversations.some((c) => c.lastMessageAt < NOW - 30 * DAY)).toBe(true);
    // Asking for nothing extra draws the very same dataset as before the options existed.
    expect(buildDemoDataset({ now: NOW, minThreadLength: 0, historyDays: 120 })).toEqual(base);
  });
});
