import { describe, expect, it } from 'vitest';
import { SyncPoke } from '#shared/contracts/socket.ts';
import type { Change } from '#shared/domain/change.ts';
import { takeCarried } from '#shared/logic/carried.ts';

const del = (seq: number): Change => ({ seq, entity: 'team', op: 'delete', id: `t${seq}` });
const carried = (after: number, seq: number, seqs: number[]) => ({
  seq,
  carried: { after, changes: seqs.map(del) },
});

describe('takeCarried', () => {
  it('follows pokes that continue the cursor, skipping rows it already has', () => {
    const taken = takeCarried(10, [carried(10, 12, [11, 12]), carried(8, 15, [9, 14])]);
    expect(taken).toEqual({ changes: [del(11), del(12), del(14)], cursor: 15, needsPull: false });
  });

  it('skips a poke it is already past', () => {
    expect(takeCarried(20, [carried(10, 12, [11])])).toEqual({
      changes: [],
      cursor: 20,
      needsPull: false,
    });
  });

  it('stops at a gap, a plain poke, or an empty cache, keeping what came before', () => {
    expect(takeCarried(10, [carried(10, 11, [11]), carried(12, 13, [13])])).toEqual({
      changes: [del(11)],
      cursor: 11,
      needsPull: true,
    });
    expect(takeCarried(10, [{ seq: 12 }])).toMatchObject({ cursor: 10, needsPull: true });
    expect(takeCarried(0, [carried(0, 1, [1])])).toMatchObject({ cursor: 0, needsPull: true });
  });
});

describe('SyncPoke', () => {
  it('accepts a plain poke and a well-formed carried one', () => {
    expect(SyncPoke.safeParse({ seq: 3 }).success).toBe(true);
    expect(SyncPoke.safeParse(carried(1, 3, [2, 3])).success).toBe(true);
  });

  it('refuses carried changes outside (after, seq] or out of order', () => {
    expect(SyncPoke.safeParse(carried(1, 3, [1])).success).toBe(false);
    expect(SyncPoke.safeParse(carried(1, 3, [4])).success).toBe(false);
    expect(SyncPoke.safeParse(carried(1, 3, [3, 2])).success).toBe(false);
    expect(SyncPoke.safeParse(carried(3, 3, [])).success).toBe(false);
  });
});
