import { sql, type Kysely, type Transaction } from 'kysely';
import type { Change, ChangeEntity } from '#shared/domain/change.ts';
import type { Database } from '../store/schema.ts';
import type { Viewer } from './viewer.ts';
import { prunedThrough } from './retention.ts';
import { PromptlyError } from '#shared/logic/ack.ts';

export interface ChangeInput {
  entity: ChangeEntity;
  entityId: string;
  op: 'put' | 'delete';
  teamId: string | null;
  assigneeId: string | null;
  /** Overrides team/assignee scoping: only these users receive the row (used for revocations). */
  targetUsers?: readonly string[];
  data: unknown;
}

/**
 * Any fixed 64-bit key works: it only has to be the same on every node. Appenders hold it until
 * their transaction ends, so seq values become visible in the order they were handed out and a
 * reader that has seen seq N can never later discover a committed N-1.
 */
const CHANGE_LOG_LOCK = 0x70726f6d70746c79n;

/** Appends to the change log inside the caller's write transaction. Returns the highest seq. */
export async function appendChanges(trx: Transaction<Database>, rows: readonly ChangeInput[]) {
  if (rows.length === 0) return null;
  await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
  let last = 0;
  // Chunked so one huge import never builds a statement past PostgreSQL's parameter limit.
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const inserted = await trx
      .insertInto('changes')
      .values(
        chunk.map((r) => ({
          entity: r.entity,
          entity_id: r.entityId,
          op: r.op,
          team_id: r.teamId,
          assignee_id: r.assigneeId,
          target_users: r.targetUsers ? [...r.targetUsers] : null,
          data: r.data === null ? null : JSON.stringify(r.data),
        })),
      )
      .returning('seq')
      .execute();
    for (const row of inserted) last = Math.max(last, Number(row.seq));
  }
  return last;
}

export interface ChangePage {
  changes: Change[];
  cursor: number;
  hasMore: boolean;
}

/**
 * One page of the changes `viewer` may see after `cursor`. When nothing visible remains, the
 * cursor still jumps to the log's head so the client does not rescan invisible rows next time.
 */
export async function readChanges(
  db: Kysely<Database>,
  viewer: Viewer,
  cursor: number,
  limit: number,
): Promise<ChangePage> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      if (cursor > 0 && cursor < (await prunedThrough(trx))) {
        throw new PromptlyError(
          'resync_required',
          'This desktop was away longer than the hub keeps its change log.',
        );
      }
      let query = trx
        .selectFrom('changes')
        .select(['seq', 'entity', 'entity_id', 'op', 'data'])
        .where('seq', '>', String(cursor))
        .orderBy('seq')
        .limit(limit + 1);
      const teams = viewer.teamIds.length > 0 ? [...viewer.teamIds] : [''];
      query = query.where((eb) =>
        eb.or([
          eb(eb.val(viewer.userId), '=', eb.fn.any('target_users')),
          eb.and([
            eb('target_users', 'is', null),
            viewer.role === 'admin'
              ? eb.val(true)
              : eb.or([
                  eb('team_id', 'is', null),
                  eb('team_id', 'in', teams),
                  eb('assignee_id', '=', viewer.userId),
                ]),
          ]),
        ]),
      );
      const rows = await query.execute();
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      const changes = page.map(toChange);
      const next = hasMore
        ? Number(page[page.length - 1]?.seq ?? cursor)
        : Math.max(cursor, await headSeq(trx));
      return { changes, cursor: next, hasMore };
    });
}

function toChange(row: {
  seq: string;
  entity: string;
  entity_id: string;
  op: string;
  data: unknown;
}) {
  const seq = Number(row.seq);
  if (row.op === 'delete') {
    return { seq, entity: row.entity, op: 'delete', id: row.entity_id } as Change;
  }
  const data: unknown = typeof row.data === 'string' ? (JSON.parse(row.data) as unknown) : row.data;
  return { seq, entity: row.entity, op: 'put', data } as Change;
}

export async function headSeq(db: Kysely<Database> | Transaction<Database>): Promise<number> {
  const head = await db
    .selectFrom('changes')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return Number(head?.head ?? 0);
}
