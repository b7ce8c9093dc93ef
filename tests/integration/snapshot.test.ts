import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { API_PREFIX } from '#shared/contracts/http.ts';
import { ackSchema, HttpErrorBody } from '#shared/logic/ack.ts';
import { fetchSnapshotPage } from '../../src-renderer/data/snapshot-bootstrap.ts';
import { headSeq } from '../../src-hub/domain/changes.ts';
import { conversationFromRow, messageFromRow } from '../../src-hub/domain/records.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { mutate, newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
let ada: Socket;
let adaId: string;
let adaToken: string;
beforeAll(async () => {
  hub = await startTestHub();
  const login = await loginAs(hub, 'ada@demo.test');
  adaId = login.user.id;
  adaToken = login.token;
  ada = await connectAgent(hub, login.token);
});
afterAll(async () => {
  ada?.close();
  await hub?.stop();
});

async function snapshot(socket: Socket, windowDays?: number) {
  const pages: SyncSnapshotPage[] = [];
  let page: string | undefined;
  do {
    const args = { ...(page ? { page } : {}), ...(windowDays ? { windowDays } : {}) };
    const ack = ackSchema(SyncSnapshotPage).parse(
      await socket.timeout(20_000).emitWithAck('sync:snapshot', args),
    );
    if (!ack.ok) throw new Error(ack.message);
    pages.push(ack.value);
    page = ack.value.nextPage ?? undefined;
  } while (page);
  return pages;
}

describe('sync:snapshot', () => {
  it('gives a fresh desktop the recent window it may see, with threads, customers and directory', async () => {
    const head = await headSeq(hub.store.db);
    const pages = await snapshot(ada);
    const conversations = pages.flatMap((p) => p.conversations);
    const cutoff = Date.now() - 90 * 86_400_000;
    const members = await hub.store.db
      .selectFrom('team_members')
      .select('team_id')
      .where('user_id', '=', adaId)
      .execute();
    const teams = new Set(members.map((m) => m.team_id));
    const expected = (await hub.store.db.selectFrom('conversations').selectAll().execute())
      .map(conversationFromRow)
      .filter((c) => (teams.has(c.teamId) || c.assigneeId === adaId) && c.lastMessageAt >= cutoff);
    expect(conversations.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(new Set(conversations.map((c) => c.id)).size).toBe(conversations.length);
    const ids = new Set(conversations.map((c) => c.id));
    const messages = pages.flatMap((p) => p.messages);
    expect(messages.length).toBeGreaterThan(conversations.length);
    expect(messages.every((m) => ids.has(m.conversationId))).toBe(true);
    const customers = new Set(pages.flatMap((p) => p.customers).map((c) => c.id));
    expect(conversations.every((c) => customers.has(c.customerId))).toBe(true);
    expect(pages[0]!.agents.length).toBeGreaterThanOrEqual(4);
    expect(pages.every((p) => p.cursor === head)).toBe(true);
  });

  it('sends every message exactly as the records read it, field for field', async () => {
    const pages = await snapshot(ada);
    const ids = pages.flatMap((p) => p.conversations).map((c) => c.id);
    const rows = await hub.store.db
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', 'in', ids)
      .execute();
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    const sent = pages.flatMap((p) => p.messages).sort(byId);
    expect(sent).toEqual(rows.map(messageFromRow).sort(byId));
    // The demo has mentions, attachments and calls: the fields that are not plain columns.
    expect(sent.some((m) => m.attachments.length > 0)).toBe(true);
    expect(sent.some((m) => m.call !== null)).toBe(true);
  });

  it('is narrower with a shorter window', async () => {
    const all = (await snapshot(ada)).flatMap((p) => p.conversations).length;
    const day = (await snapshot(ada, 1)).flatMap((p) => p.conversations).length;
    expect(day).toBeGreaterThan(0);
    expect(day).toBeLessThan(all);
  });

  it('hands over to the log without a gap: changes after the snapshot arrive by pull', async () => {
    const pages = await snapshot(ada);
    const cursor = pages[0]!.cursor;
    const target = pages[0]!.conversations[0]!;
    await mutate(
      ada,
      'conversation.set-priority',
      { conversationId: target.id, priority: target.priority === 'urgent' ? 'low' : 'urgent' },
      newId(),
    );
    const { changes } = await pullAll(ada, cursor);
    expect(
      changes.some((c) => c.op === 'put' && c.entity === 'conversation' && c.data.id === target.id),
    ).toBe(true);
  });

  it('refuses a forged page token', async () => {
    expect(
      await ada.timeout(5000).emitWithAck('sync:snapshot', { page: '1.2.not-an-id' }),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});

/** Every page of the snapshot over REST, as the desktop's sync worker fetches it. */
async function restSnapshot(token: string) {
  const pages: SyncSnapshotPage[] = [];
  let page: string | undefined;
  do {
    const value = await fetchSnapshotPage({ hubUrl: hub.url, token }, page);
    pages.push(value);
    page = value.nextPage ?? undefined;
  } while (page);
  return pages;
}

const get = (path: string, token?: string) =>
  fetch(`${hub.url}${API_PREFIX}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('GET /sync/snapshot', () => {
  // Page tokens carry the window's cutoff, taken when each walk starts: compare everything else.
  const content = (pages: SyncSnapshotPage[]) => pages.map(({ nextPage: _, ...rest }) => rest);

  it('answers exactly what the sync:snapshot event answers, page for page, for each kind of user', async () => {
    for (const email of ['ada@demo.test', 'sam@demo.test', 'lin@demo.test', 'root@demo.test']) {
      const { token } = await loginAs(hub, email);
      const socket = await connectAgent(hub, token);
      try {
        const viaSocket = await snapshot(socket);
        const viaRest = await restSnapshot(token);
        expect(viaRest.length, email).toBe(viaSocket.length);
        expect(content(viaRest), email).toEqual(content(viaSocket));
      } finally {
        socket.close();
      }
    }
  });

  it("gives an agent of another team none of ada's team's data", async () => {
    const sam = await loginAs(hub, 'sam@demo.test');
    const teamOf = async (userId: string) =>
      new Set(
        (
          await hub.store.db
            .selectFrom('team_members')
            .select('team_id')
            .where('user_id', '=', userId)
            .execute()
        ).map((m) => m.team_id),
      );
    const samTeams = await teamOf(sam.user.id);
    const adaTeams = await teamOf(adaId);
    expect([...adaTeams].some((t) => samTeams.has(t))).toBe(false);
    // Ada's team's conversations sam is not assigned to: none of them, nor anything hanging off them.
    const adaOnly = (await restSnapshot(adaToken))
      .flatMap((p) => p.conversations)
      .filter((c) => adaTeams.has(c.teamId) && c.assigneeId !== sam.user.id);
    expect(adaOnly.length).toBeGreaterThan(0);
    const hidden = new Set<string>(adaOnly.map((c) => c.id));
    const pages = await restSnapshot(sam.token);
    const conversations = pages.flatMap((p) => p.conversations);
    expect(conversations.length).toBeGreaterThan(0);
    for (const c of conversations)
      expect(samTeams.has(c.teamId) || c.assigneeId === sam.user.id).toBe(true);
    expect(conversations.filter((c) => hidden.has(c.id))).toEqual([]);
    expect(pages.flatMap((p) => p.messages).filter((m) => hidden.has(m.conversationId))).toEqual(
      [],
    );
    expect(pages.flatMap((p) => p.surveys).filter((s) => hidden.has(s.conversationId))).toEqual([]);
    expect(
      pages
        .flatMap((p) => p.callbacks)
        .filter((cb) => hidden.has(cb.conversationId) && cb.ownerId !== sam.user.id),
    ).toEqual([]);
    expect(
      pages.flatMap((p) => p.canned).filter((c) => c.teamId !== null && !samTeams.has(c.teamId)),
    ).toEqual([]);
  });

  it('refuses a missing, wrong or revoked session with 401', async () => {
    for (const token of [undefined, 'not-a-token', `${adaToken}x`]) {
      const res = await get('/sync/snapshot', token);
      expect(res.status).toBe(401);
      expect(HttpErrorBody.parse(await res.json()).error.code).toBe('unauthorized');
    }
    const other = await loginAs(hub, 'ada@demo.test');
    await fetch(`${hub.url}${API_PREFIX}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect((await get('/sync/snapshot', other.token)).status).toBe(401);
  });

  it('refuses forged page tokens and unknown parameters with a typed 400', async () => {
    for (const query of ['page=1.2.not-an-id', 'windowDays=0', 'windowDays=abc', 'cursor=1']) {
      const res = await get(`/sync/snapshot?${query}`, adaToken);
      expect(res.status, query).toBe(400);
      expect(HttpErrorBody.parse(await res.json()).error.code).toBe('invalid_input');
    }
  });

  it('narrows to a shorter window', async () => {
    const all = (await restSnapshot(adaToken)).flatMap((p) => p.conversations).length;
    const res = await get('/sync/snapshot?windowDays=1', adaToken);
    const day = SyncSnapshotPage.parse(await res.json());
    expect(day.conversations.length).toBeGreaterThan(0);
    expect(day.conversations.length).toBeLessThan(all);
  });
});
