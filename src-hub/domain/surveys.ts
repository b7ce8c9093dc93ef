import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { SurveyAnswer, type SurveyResponse } from '#shared/domain/survey.ts';
import { describeIssues, PromptlyError } from '#shared/logic/ack.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import type { Database } from '../store/schema.ts';
import type { ChangeInput } from './changes.ts';
import { surveyFromRow, surveyToRow } from './records.ts';
import type { Writer } from './writer.ts';

/**
 * Records one survey answer inside the caller's write (the demo seed uses this to stay one
 * transaction). The conversation decides everything the customer does not: who the customer is,
 * which team and agent the answer is about, and who may see it.
 */
export async function recordSurveyAnswer(
  trx: Transaction<Database>,
  changes: ChangeInput[],
  input: unknown,
  now: number,
): Promise<SurveyResponse> {
  const parsed = SurveyAnswer.safeParse(input);
  if (!parsed.success) throw new PromptlyError('invalid_input', describeIssues(parsed.error));
  const answer = parsed.data;
  // Shared lock: answers queue behind a transfer in flight, so the scope below is the final one.
  const conversation = await trx
    .selectFrom('conversations')
    .select(['id', 'customer_id', 'team_id', 'assignee_id'])
    .where('id', '=', answer.conversationId)
    .forShare()
    .executeTakeFirst();
  if (!conversation) throw new PromptlyError('not_found', 'That conversation does not exist.');
  const agentId = conversation.assignee_id ?? (await lastAgentOf(trx, conversation.id));
  const candidate = surveyToRow({
    id: answer.id ?? (formatUuidV7(now, randomBytes(10)) as SurveyResponse['id']),
    kind: answer.kind,
    score: answer.score,
    comment: answer.comment,
    conversationId: conversation.id,
    customerId: conversation.customer_id,
    agentId,
    teamId: conversation.team_id,
    createdAt: now,
  } as SurveyResponse);
  // One answer per conversation and kind: a repeat replaces score and comment, keeping the id.
  const row = await trx
    .insertInto('survey_responses')
    .values(candidate)
    .onConflict((oc) =>
      oc.columns(['conversation_id', 'kind']).doUpdateSet((eb) => ({
        score: eb.ref('excluded.score'),
        comment: eb.ref('excluded.comment'),
        created_at: eb.ref('excluded.created_at'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  const stored = surveyFromRow(row);
  changes.push({
    entity: 'survey',
    entityId: stored.id,
    op: 'put',
    teamId: conversation.team_id,
    assigneeId: conversation.assignee_id,
    data: stored,
  });
  return stored;
}

/** Who last wrote to the customer, for an answer about a conversation nobody holds any more. */
async function lastAgentOf(trx: Transaction<Database>, conversationId: string) {
  const row = await trx
    .selectFrom('messages')
    .select('author_id')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'outbound')
    .where('author_id', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (row?.author_id ?? null) as SurveyResponse['agentId'];
}

/**
 * Accepts a customer's survey answer. Input is hostile and parsed here; bad input is a typed
 * `invalid_input`, an unknown conversation `not_found`. The public survey page and webhooks call
 * this once the channel adapters exist; today the demo seed and the tests do.
 */
export async function recordSurveyResponse(
  deps: { write: Writer; now?: () => number },
  input: unknown,
): Promise<SurveyResponse> {
  const now = (deps.now ?? Date.now)();
  return deps.write((trx, changes) => recordSurveyAnswer(trx, changes, input, now));
}
