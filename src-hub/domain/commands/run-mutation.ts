import type { Kysely } from 'kysely';
import { z } from 'zod';
import { describeIssues, ErrorCode, PromptlyError } from '#shared/logic/ack.ts';
import {
  parseMutatorArgs,
  type MutationEnvelope,
  type MutationResult,
} from '#shared/mutators/definitions.ts';
import type { Database } from '../../store/schema.ts';
import type { Viewer } from '../viewer.ts';
import type { Writer } from '../writer.ts';
import { callbackCommands } from './callback-commands.ts';
import { conversationCommands, type CommandContext } from './conversation-commands.ts';
import { customerCommands } from './customer-commands.ts';
import { notificationCommands } from './notification-commands.ts';
import { cannedCommands } from './canned-commands.ts';
import { viewCommands } from './view-commands.ts';

/** Every mutator's authoritative handler, one table per area. */
const commands = {
  ...conversationCommands,
  ...customerCommands,
  ...callbackCommands,
  ...notificationCommands,
  ...cannedCommands,
  ...viewCommands,
};

/** What the ledger keeps per mutation id: the outcome, replayed verbatim on a retry. */
const StoredOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), seq: z.number().int().nonnegative() }),
  z.object({ ok: z.literal(false), code: ErrorCode, message: z.string() }),
]);
type StoredOutcome = z.infer<typeof StoredOutcome>;

/** Rejections that are a verdict on the mutation itself: replaying it must give the same answer. */
const FINAL: ReadonlySet<ErrorCode> = new Set([
  'invalid_input',
  'not_found',
  'forbidden',
  'conflict',
]);

class AlreadyRecorded extends Error {}

export interface MutationDeps {
  db: Kysely<Database>;
  write: Writer;
  now?: () => number;
}

async function storedOutcome(
  db: Kysely<Database>,
  viewer: Viewer,
  id: string,
): Promise<StoredOutcome | null> {
  const row = await db
    .selectFrom('mutations')
    .select(['user_id', 'result'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  // Ids are per author: someone else's id is neither replayed nor revealed.
  if (row.user_id !== viewer.userId)
    throw new PromptlyError('conflict', 'That mutation id is already taken.');
  return StoredOutcome.parse(typeof row.result === 'string' ? JSON.parse(row.result) : row.result);
}

function replay(outcome: StoredOutcome): MutationResult {
  if (!outcome.ok) throw new PromptlyError(outcome.code, outcome.message);
  return { seq: outcome.seq, replayed: true };
}

/**
 * Applies one mutation exactly once. The ledger row, the data and the change-log entries commit in
 * one transaction, so after a crash a mutation is either wholly there (and a retry replays its
 * stored result) or wholly absent (and a retry applies it).
 */
export async function runMutation(
  deps: MutationDeps,
  viewer: Viewer,
  envelope: MutationEnvelope,
): Promise<MutationResult> {
  const { db, write, now = Date.now } = deps;
  const { followUps } = write;
  if (!followUps) throw new Error('mutations need a writer that can schedule follow-ups');
  const previous = await storedOutcome(db, viewer, envelope.id);
  if (previous) return replay(previous);

  const record = async (outcome: StoredOutcome, trx: Kysely<Database> = db) => {
    const inserted = await trx
      .insertInto('mutations')
      .values({
        id: envelope.id,
        user_id: viewer.userId,
        name: envelope.name,
        result: JSON.stringify(outcome),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  };

  try {
    const parsed = parseMutatorArgs(envelope.name, envelope.args);
    if (!parsed.success) throw new PromptlyError('invalid_input', describeIssues(parsed.error));
    const handler = commands[envelope.name] as (
      ctx: CommandContext,
      args: unknown,
    ) => Promise<void>;
    let committedSeq = 0;
    await write(
      async (trx, changes) => {
        // Claim the id before doing anything: a concurrent retry of the same id blocks here until
        // this transaction ends, then finds the id taken and replays the stored result.
        if (!(await record({ ok: true, seq: 0 }, trx))) throw new AlreadyRecorded();
        await handler({ trx, viewer, changes, now: now(), followUps }, parsed.data);
      },
      async (trx, seq) => {
        committedSeq = seq ?? 0;
        const outcome: StoredOutcome = { ok: true, seq: committedSeq };
        await trx
          .updateTable('mutations')
          .set({ result: JSON.stringify(outcome) })
          .where('id', '=', envelope.id)
          .execute();
      },
    );
    return { seq: committedSeq, replayed: false };
  } catch (error) {
    if (error instanceof AlreadyRecorded) {
      const stored = await storedOutcome(db, viewer, envelope.id);
      if (stored) return replay(stored);
    }
    if (error instanceof PromptlyError && FINAL.has(error.code)) {
      if (!(await record({ ok: false, code: error.code, message: error.message }))) {
        const stored = await storedOutcome(db, viewer, envelope.id);
        if (stored) return replay(stored);
      }
    }
    throw error;
  }
}
