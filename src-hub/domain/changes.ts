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

export interface Appended {
  /** The highest seq appended. */
  last: number;
  /**
   * The seq of the first row when row i got seq first + i, as it does when one transaction
   * appends under the lock (checked, not assumed); otherwise null.
   */
  first: number | null;
}

/** Appends to the change log inside the caller's write transaction. */
export async function appendChanges(
  trx: Transaction<Database>,
  rows: readonly ChangeInput[],
): Promise<Appended | null> {
  if (rows.length === 0) return null;
  await sql`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`.execute(trx);
  let last = 0;
  let first: number | null = null;
  let inOrder = true;
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
      .returning(['seq', 'entity', 'entity_id'])
      .execute();
    first ??= Number(inserted[0]?.seq ?? 0);
    inOrder &&=
      inserted.length === chunk.length &&
      inserted.every(
        (row, k) =>
          Number(row.seq) === first! + i + k &&
          row.entity === chunk[k]!.entity &&
          row.entity_id === chunk[k]!.entityId,
      );
    for (const row of inserted) last = Math.max(last, Number(row.seq));
  }
  return { last, first: inOrder ? first : null };
}

/** A change as clients receive it, with the scope that decides who may receive it. */
export interface LoggedChange {
  change: Change;
  teamId: string | null;
  assigneeId: string | null;
  targetUsers: readonly string[] | null;
}

/** The rows of a freshly appended range, in seq order, as they will read back from the log. */
export function loggedChanges(rows: readonly ChangeInput[], first: number): LoggedChange[] {
  return rows.map((r, i) => {
    const seq = first + i;
    const change = (
      r.op === 'delete'
        ? { seq, entity: r.entity, op: 'delete', id: r.entityId }
        : { seq, entity: r.entity, op: 'put', data: r.data }
    ) as Change;
    return {
      change,
      teamId: r.teamId,
      assigneeId: r.assigneeId,
      targetUsers: r.targetUsers ?? null,
    };
  });
}

/** Every row in (after, through], whoever may see it: the fan-out filters per socket. */
export async function readChangeRange(
  db: Kysely<Database>,
  after: number,
  through: number,
): Promise<LoggedChange[]> {
  const rows = await db
    .selectFrom('changes')
    .select(['seq', 'entity', 'entity_id', 'op', 'data', 'team_id', 'assignee_id', 'target_users'])
    .where('seq', '>', String(after))
    .where('seq', '<=', String(through))
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({
    change: toChange(row),
    teamId: row.team_id,
    assigneeId: row.assignee_id,
    targetUsers: row.target_users,
  }));
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
      if (cursor > 0) {
        const user = await trx
          .selectFrom('users')
          .select('resync_before')
          .where('id', '=', viewer.userId)
          .executeTakeFirst();
        if (user && cursor < Number(user.resync_before)) {
          throw new PromptlyError(
            'resync_required',
            'Your access changed: this desktop reloads what you may see.',
          );
        }
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
