import { describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io';
import type { SyncPoke } from '#shared/contracts/socket.ts';
import type { LoggedChange } from '../../../src-hub/domain/changes.ts';
import type { Viewer } from '../../../src-hub/domain/viewer.ts';
import { createFanout } from '../../../src-hub/realtime/fanout.ts';

/**
 * The fan-out's bookkeeping, with sockets reduced to what it reads of them (an id) and the log
 * to an array. What reaches real sockets, and RBAC against real pulls, is in
 * tests/integration/carried.test.ts.
 */

const change = (seq: number, teamId: string | null): LoggedChange => ({
  change: { seq, entity: 'team', op: 'delete', id: `t${seq}` },
  teamId,
  assigneeId: null,
  targetUsers: null,
});

function setup(opts: { sendMs?: number } = {}) {
  const log: LoggedChange[] = [];
  const sockets = new Map<string, { viewer: Viewer; fresh: boolean }>();
  const received = new Map<string, SyncPoke[]>();
  const reads: [number, number][] = [];
  const sends: number[] = [];
  let failReads = false;
  // Stable objects, as socket.io's are: the fan-out remembers per socket.
  const objects = new Map<string, Socket>();
  const socketFor = (id: string) => {
    if (!objects.has(id)) objects.set(id, { id } as Socket);
    return objects.get(id)!;
  };
  const fanout = createFanout({
    sockets: () => [...sockets.keys()].map(socketFor),
    send: (ids, poke) => {
      sends.push(performance.now());
      // Stands for the time writing to many sockets takes.
      while (performance.now() - sends.at(-1)! < (opts.sendMs ?? 0));
      for (const id of ids) received.set(id, [...(received.get(id) ?? []), poke]);
    },
    viewer: (socket) => sockets.get(socket.id) ?? null,
    readRange: async (after, through) => {
      reads.push([after, through]);
      if (failReads) throw new Error('database unavailable');
      return log.filter((c) => c.change.seq > after && c.change.seq <= through);
    },
    log: () => {},
    windowMs: 1,
  });
  const agent = (userId: string, teamIds: string[]): Viewer => ({
    userId,
    name: userId,
    role: 'agent',
    teamIds,
  });
  /** Appends `teams.length` rows to the log (one per team, null: everyone) and returns them. */
  const append = (...teams: (string | null)[]) => {
    const first = log.length + 1;
    const rows = teams.map((t, i) => change(first + i, t));
    log.push(...rows);
    return { after: first - 1, through: first + rows.length - 1, rows };
  };
  const commit = (...teams: (string | null)[]) => {
    const r = append(...teams);
    fanout.committed(r.after, r.through, r.rows);
    return r;
  };
  const settle = () => new Promise((r) => setTimeout(r, 20));
  const take = (id: string) => {
    const pokes = received.get(id) ?? [];
    received.delete(id);
    return pokes.map((p) => ({
      seq: p.seq,
      after: p.carried?.after ?? null,
      seqs: p.carried?.changes.map((c) => c.seq) ?? null,
    }));
  };
  return {
    fanout,
    sockets,
    agent,
    append,
    commit,
    settle,
    take,
    reads,
    sends,
    failReads: () => (failReads = true),
  };
}

/** Every test starts past the first commit, which only pokes (there is no chain yet). */
async function started() {
  const t = setup();
  t.sockets.set('a', { viewer: t.agent('ua', ['A']), fresh: true });
  t.sockets.set('b', { viewer: t.agent('ub', ['B']), fresh: true });
  t.commit(null);
  await t.settle();
  expect(t.take('a')).toEqual([{ seq: 1, after: null, seqs: null }]);
  expect(t.take('b')).toEqual([{ seq: 1, after: null, seqs: null }]);
  return t;
}

describe('fan-out of committed changes', () => {
  it('carries to each socket only its rows, chained past the runs it could not see', async () => {
    const t = await started();
    t.commit('A');
    await t.settle();
    t.commit('A', 'B');
    await t.settle();
    expect(t.take('a')).toEqual([
      { seq: 2, after: 1, seqs: [2] },
      { seq: 4, after: 2, seqs: [3] },
    ]);
    // b saw nothing in seq 2, so its first push starts where its chain did.
    expect(t.take('b')).toEqual([{ seq: 4, after: 1, seqs: [4] }]);
  });

  it('coalesces commits inside one window into one poke per socket', async () => {
    const t = await started();
    t.commit('A');
    t.commit('A');
    t.commit(null);
    await t.settle();
    expect(t.take('a')).toEqual([{ seq: 4, after: 1, seqs: [2, 3, 4] }]);
    expect(t.take('b')).toEqual([{ seq: 4, after: 1, seqs: [4] }]);
  });

  it('reads a gap back from the log: runs from elsewhere or out of order still arrive in order', async () => {
    const t = await started();
    const elsewhere = t.append('A'); // another node's commit, not announced yet
    const mine = t.append('A', null);
    t.fanout.committed(mine.after, mine.through, mine.rows);
    await t.settle();
    expect(t.reads).toEqual([[1, 4]]);
    expect(t.take('a')).toEqual([{ seq: 4, after: 1, seqs: [2, 3, 4] }]);
    // The late announcement is already covered.
    t.fanout.heard(elsewhere.through);
    await t.settle();
    expect(t.take('a')).toEqual([]);
    expect(t.reads).toHaveLength(1);
  });

  it('pokes a socket not verified lately instead of sending it data, and restarts its chain', async () => {
    const t = await started();
    t.sockets.get('a')!.fresh = false;
    t.commit('A');
    await t.settle();
    expect(t.take('a')).toEqual([{ seq: 2, after: null, seqs: null }]);
    t.sockets.get('a')!.fresh = true;
    t.commit('A');
    await t.settle();
    expect(t.take('a')).toEqual([{ seq: 3, after: 2, seqs: [3] }]);
  });

  it('restarts the chain of a socket whose viewer changed', async () => {
    const t = await started();
    t.commit('B'); // invisible to a as it was
    await t.settle();
    t.sockets.set('a', { viewer: t.agent('ua', ['A', 'B']), fresh: true });
    t.commit('B');
    await t.settle();
    // A plain poke: its pull, not this push, decides what it sees from before.
    expect(t.take('a')).toEqual([{ seq: 3, after: null, seqs: null }]);
    t.commit('B');
    await t.settle();
    expect(t.take('a')).toEqual([{ seq: 4, after: 3, seqs: [4] }]);
  });

  it('leaves the event loop as long as an expensive push took before pushing again', async () => {
    const t = setup({ sendMs: 30 });
    t.sockets.set('a', { viewer: t.agent('ua', ['A']), fresh: true });
    t.commit(null); // the first commit only pokes: not a push
    await t.settle();
    t.commit('A');
    await new Promise((r) => setTimeout(r, 5));
    t.commit('A');
    t.commit('A');
    await new Promise((r) => setTimeout(r, 120));
    const [, first, second] = t.sends;
    // The second push waits for the first to end (30 ms) and then as long again.
    expect(second! - first!).toBeGreaterThanOrEqual(59);
    expect(t.take('a').at(-1)).toEqual({ seq: 4, after: 2, seqs: [3, 4] });
  });

  it('pokes everyone when a gap cannot be read, and chains on afterwards', async () => {
    const t = await started();
    t.failReads();
    t.fanout.heard(t.append('A').through);
    await t.settle();
    expect(t.take('a')).toEqual([{ seq: 2, after: null, seqs: null }]);
    expect(t.take('b')).toEqual([{ seq: 2, after: null, seqs: null }]);
    t.commit('B');
    await t.settle();
    expect(t.take('b')).toEqual([{ seq: 3, after: 2, seqs: [3] }]);
  });
});
