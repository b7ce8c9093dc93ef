import type { SyncPoke } from '../contracts/socket.ts';
import type { Change } from '../domain/change.ts';

export interface TakenPokes {
  /** The carried changes to apply, in seq order, none at or below the starting cursor. */
  changes: Change[];
  /** Where the cursor stands once they are applied. */
  cursor: number;
  /** A poke could not be followed from this cursor: pull (after applying `changes`). */
  needsPull: boolean;
}

/**
 * Follows pokes, in the order they arrived, from a client's stored cursor. A poke carrying the
 * changes in (after, seq] continues the cursor when after <= cursor: together with what the
 * client already has, the client then has everything through seq. A poke already covered is
 * skipped; a plain poke, a poke past a gap, or an empty cache (which bootstraps from a snapshot)
 * stops here and asks for a pull.
 */
export function takeCarried(cursor: number, pokes: readonly SyncPoke[]): TakenPokes {
  const changes: Change[] = [];
  for (const poke of pokes) {
    if (!poke.carried || cursor === 0) return { changes, cursor, needsPull: true };
    if (poke.seq <= cursor) continue;
    if (poke.carried.after > cursor) return { changes, cursor, needsPull: true };
    for (const c of poke.carried.changes) if (c.seq > cursor) changes.push(c);
    cursor = poke.seq;
  }
  return { changes, cursor, needsPull: false };
}
