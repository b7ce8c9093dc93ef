import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';
import { appendChanges, type ChangeInput } from './changes.ts';
import type { FollowUps } from './follow-ups.ts';

/**
 * Called after a write commits. `first` is the seq of changes[0] when changes[i] got first + i
 * (so the fan-out can carry them as they are); null when that could not be established.
 */
export type Committed = (
  changes: readonly ChangeInput[],
  seq: number,
  first: number | null,
) => void;

export interface WriterOptions {
  /**
   * The scheduled work writes start or stop (snooze wake-ups, promise deadlines), scheduled in the
   * write's own transaction. Travels with the writer because the writer is what every caller that
   * applies mutations is handed. Absent on writers that never apply mutations (the CLI's).
   */
  followUps?: FollowUps;
}

/**
 * Every write goes through here: rows and their change-log entries commit together, and only after
 * the commit are clients told, so a poke never points at a change a pull cannot see yet.
 */
export function createWriter(
  db: Kysely<Database>,
  onCommitted: Committed,
  options: WriterOptions = {},
) {
  async function write<T>(
    work: (trx: Transaction<Database>, changes: ChangeInput[]) => Promise<T>,
    /** Runs after the change log append, still inside the transaction (e.g. to record the seq). */
    finalize?: (trx: Transaction<Database>, seq: number | null, result: T) => Promise<void>,
  ): Promise<T> {
    const changes: ChangeInput[] = [];
    const { result, appended } = await db.transaction().execute(async (trx) => {
      const result = await work(trx, changes);
      const appended = await appendChanges(trx, changes);
      await finalize?.(trx, appended?.last ?? null, result);
      return { result, appended };
    });
    if (appended) onCommitted(changes, appended.last, appended.first);
    return result;
  }
  return Object.assign(write, { followUps: options.followUps ?? null });
}

export type Writer = ReturnType<typeof createWriter>;
