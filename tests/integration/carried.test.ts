import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { SyncPoke } from '#shared/contracts/socket.ts';
import type { Change } from '#shared/domain/change.ts';
import type { Customer } from '#shared/domain/customer.ts';
import { takeCarried } from '#shared/logic/carried.ts';
import { headSeq, type ChangeInput } from '../../src-hub/domain/changes.ts';
import { receiveInbound } from '../../src-hub/domain/inbound.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { newId } from './support/mutate.ts';
import { pullAll } from './support/pull.ts';

/**
 * Pokes that carry changes: each socket receives exactly what its own pull would return, in
 * order, chained by `after` so a client applies them without pulling, and a client that missed
 * one notices and pulls.
 */

let hub: TestHub;
const people = ['ada', 'sam', 'lin', 'root'] as const;
type Person = (typeof people)[number];
const ids: Record<string, string> = {};
const teams: Record<string, string> = {};

/** A raw socket that records every poke, and its cursor at the last pull. */
interface Listener {
  socket: Socket;
  pokes: SyncPoke[];
  cursor: number;
}
const listeners = {} as Record<Person, Listener>;

async function listen(person: Person): Promise<Listener> {
  const login = await loginAs(hub, `${person}@demo.test`);
  ids[person] = login.user.id;
  const socket = await connectAgent(hub, login.token);
  const l: Listener = { socket, pokes: [], cursor: 0 };
  socket.on('sync:poke', (raw: unknown) => l.pokes.push(SyncPoke.parse(raw)));
  l.cursor = (await pullAll(socket)).cursor;
  return l;
}

const until = async (what: string, ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Follows every poke received since the last pull; fails if any of them needed a pull. */
async function follow(l: Listener, through: number): Promise<Change[]> {
  await until('the pokes', () => l.pokes.some((p) => p.seq >= through));
  const taken = takeCarried(l.cursor, l.pokes.splice(0));
  expect(taken.needsPull).toBe(false);
  l.cursor = taken.cursor;
  return taken.changes;
}

const customer = (name: string): Customer =>
  ({
    id: newId(),
    name,
    email: null,
    phone: null,
    timezone: null,
    company: null,
    notes: '',
    createdAt: 1,
    updatedAt: 1,
  }) as Customer;

/** One commit of customer changes scoped as given; returns the log's new head. */
async function commit(...scopes: Omit<ChangeInput, 'entity' | 'entityId' | 'op' | 'data'>[]) {
  const rows = scopes.map((scope): ChangeInput => {
    const data = customer(`scoped ${JSON.stringify(scope)}`);
    return { entity: 'customer', entityId: data.id, op: 'put', data, ...scope };
  });
  let head = 0;
  await hub.write(
    async (_trx, changes) => {
      changes.push(...rows);
    },
    async (_trx, seq) => {
      head = seq ?? 0;
    },
  );
  return { head, names: rows.map((r) => (r.data as Customer).name) };
}

const names = (changes: readonly Change[]) =>
  changes.flatMap((c) => (c.op === 'put' && c.entity === 'customer' ? [c.data.name] : []));

beforeAll(async () => {
  hub = await startTestHub();
  for (const t of await hub.store.db.selectFrom('teams').select(['id', 'name']).execute())
    teams[t.name] = t.id;
  for (const p of people) listeners[p] = await listen(p);
  // The fan-out starts its chain with the first commit it sees after sockets connected.
  const { head } = await commit({ teamId: null, assigneeId: null });
  for (const p of people) {
    await until('the first poke', () => listeners[p].pokes.some((x) => x.seq >= head));
    listeners[p].pokes.length = 0;
    listeners[p].cursor = (await pullAll(listeners[p].socket, listeners[p].cursor)).cursor;
  }
});
afterAll(async () => {
  for (const p of people) listeners[p]?.socket.close();
  await hub?.stop();
});

describe('carried changes', () => {
  it('give every socket exactly what its pull returns, without a pull', async () => {
    const support = teams['Support']!;
    const billing = teams['Billing & Accounts']!;
    const start = Object.fromEntries(people.map((p) => [p, listeners[p].cursor]));
    const commits = [
      await commit({ teamId: support, assigneeId: null }),
      // Visible to ada through the assignment alone, not through her team.
      await commit({ teamId: billing, assigneeId: ids.ada! }),
      await commit({ teamId: null, assigneeId: null }, { teamId: billing, assigneeId: null }),
      // Revocation-style rows: to these users only, admins included.
      await commit({ teamId: null, assigneeId: null, targetUsers: [ids.sam!] }),
      await commit({ teamId: support, assigneeId: null, targetUsers: [] }),
      // Everyone's last poke covers the head.
      await commit({ teamId: null, assigneeId: null }),
    ];
    const head = commits[commits.length - 1]!.head;
    const [supportOnly, adaByAssignment, everyoneAndBilling, samOnly, nobody, last] = commits.map(
      (c) => c.names,
    );
    const expected: Record<Person, string[]> = {
      ada: [...supportOnly!, ...adaByAssignment!, everyoneAndBilling![0]!, ...last!],
      sam: [...adaByAssignment!, ...everyoneAndBilling!, ...samOnly!, ...last!],
      lin: [...supportOnly!, ...adaByAssignment!, ...everyoneAndBilling!, ...last!],
      root: [...supportOnly!, ...adaByAssignment!, ...everyoneAndBilling!, ...last!],
    };
    for (const p of people) {
      const carried = await follow(listeners[p], head);
      expect(names(carried), p).toEqual(expected[p]);
      expect(names(carried)).not.toContain(nobody![0]);
      // The same rows, in the same order, as this user's own pull from where it stood.
      const pulled = await pullAll(listeners[p].socket, start[p]);
      expect(carried, p).toEqual(pulled.changes);
      expect(listeners[p].cursor).toBe(pulled.cursor);
    }
  });

  it('never sends an agent another team’s inbound message, checked on the raw socket', async () => {
    const support = teams['Support']!;
    const conversation = await hub.store.db
      .selectFrom('conversations')
      .select('id')
      .where('team_id', '=', support)
      .where('assignee_id', 'is distinct from', ids.sam!)
      .executeTakeFirstOrThrow();
    const sam = listeners.sam;
    const raw: unknown[] = [];
    const record = (payload: unknown) => raw.push(payload);
    sam.socket.on('sync:poke', record);
    const messageId = newId();
    await receiveInbound(
      { write: hub.write },
      {
        id: messageId,
        conversationId: conversation.id,
        authorName: 'Customer',
        text: 'for the support team only',
        receivedAt: Date.now(),
      },
    );
    const seen = await follow(listeners.ada, await headSeq(hub.store.db));
    expect(
      seen.some((c) => c.op === 'put' && c.entity === 'message' && c.data.id === messageId),
    ).toBe(true);
    // A later change sam may see proves his socket was reached after the message was sent.
    const { head, names: later } = await commit({ teamId: null, assigneeId: null });
    const samChanges = await follow(sam, head);
    expect(names(samChanges)).toEqual(later);
    sam.socket.off('sync:poke', record);
    const text = JSON.stringify(raw);
    expect(text).not.toContain(messageId);
    expect(text).not.toContain(conversation.id);
    expect(text).not.toContain('for the support team only');
    for (const p of ['lin', 'root', 'ada'] as const) await follow(listeners[p], head);
  });

  it('chains a socket past changes it may not see, so it still needs no pull', async () => {
    const support = teams['Support']!;
    const billing = teams['Billing & Accounts']!;
    const sam = listeners.sam;
    const before = sam.cursor;
    for (let i = 0; i < 3; i++) await commit({ teamId: support, assigneeId: null });
    const { head, names: billed } = await commit({ teamId: billing, assigneeId: null });
    await until('the billing poke', () => sam.pokes.some((p) => p.seq >= head));
    expect(sam.pokes).toHaveLength(1);
    expect(sam.pokes[0]!.carried?.after).toBe(before);
    expect(names(await follow(sam, head))).toEqual(billed);
    for (const p of ['lin', 'root'] as const) await follow(listeners[p], head);
    // ada saw the support commits only; the next commit for everyone chains her on too.
    const next = await commit({ teamId: null, assigneeId: null });
    for (const p of people) await follow(listeners[p], next.head);
  });

  it('makes a client that missed a poke pull, and the pull fills the gap', async () => {
    const ada = listeners.ada;
    const support = teams['Support']!;
    const first = await commit({ teamId: support, assigneeId: null });
    await until('the first poke', () => ada.pokes.some((p) => p.seq >= first.head));
    ada.pokes.length = 0; // lost on the way
    const second = await commit({ teamId: support, assigneeId: null });
    await until('the second poke', () => ada.pokes.some((p) => p.seq >= second.head));
    const taken = takeCarried(ada.cursor, ada.pokes.splice(0));
    expect(taken).toMatchObject({ needsPull: true, changes: [], cursor: ada.cursor });
    const pulled = await pullAll(ada.socket, ada.cursor);
    expect(names(pulled.changes)).toEqual([...first.names, ...second.names]);
    ada.cursor = pulled.cursor;
    for (const p of ['lin', 'root'] as const) await follow(listeners[p], second.head);
  });

  it('pokes without data when a commit is larger than a page', async () => {
    const big = await commit(
      ...Array.from({ length: 1001 }, () => ({ teamId: null, assigneeId: null })),
    );
    const ada = listeners.ada;
    await until('the poke', () => ada.pokes.some((p) => p.seq >= big.head));
    expect(ada.pokes.map((p) => p.carried)).toEqual([undefined]);
    ada.pokes.length = 0;
    ada.cursor = (await pullAll(ada.socket, ada.cursor)).cursor;
    // The chain goes on from the end of the big commit.
    const next = await commit({ teamId: null, assigneeId: null });
    expect(names(await follow(ada, next.head))).toEqual(next.names);
  });

  it('re-checks a socket that only listens, and cuts it off once its session ends', async () => {
    const login = await loginAs(hub, 'mateo@demo.test');
    const socket = await connectAgent(hub, login.token);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    // Revoked behind the hub's back, as another process would: nobody calls disconnectUser, and
    // the socket sends nothing that would make the hub look again.
    await hub.store.db
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', login.user.id)
      .execute();
    expect(await gone).toBe('io server disconnect');
  }, 15_000);
});
