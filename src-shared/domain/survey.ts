import { z } from 'zod';
import { ConversationId, CustomerId, TeamId, UUID_PATTERN, UserId } from '../logic/ids.ts';

export const SURVEY_COMMENT_MAX = 2000;

export const SurveyResponseId = z
  .string()
  .regex(UUID_PATTERN, 'must be a lowercase UUID')
  .brand('SurveyResponseId');
export type SurveyResponseId = z.infer<typeof SurveyResponseId>;

/** Satisfaction (CSAT), effort (CES) and loyalty (NPS): each asks a different question. */
export const SurveyKind = z.enum(['csat', 'ces', 'nps']);
export type SurveyKind = z.infer<typeof SurveyKind>;

/** The scale each kind is answered on, both ends included (the industry's usual scales). */
export const SURVEY_SCALES: Readonly<Record<SurveyKind, { min: number; max: number }>> = {
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  nps: { min: 0, max: 10 },
};

/** Why a score does not fit its kind's scale, or null when it does. */
export function surveyScoreProblem(kind: SurveyKind, score: number): string | null {
  const { min, max } = SURVEY_SCALES[kind];
  if (!Number.isInteger(score) || score < min || score > max)
    return `A ${kind.toUpperCase()} score is a whole number from ${min} to ${max}.`;
  return null;
}

/** NPS buckets: 9–10 promote, 7–8 are passive, 0–6 detract. */
export function npsCategory(score: number): 'promoter' | 'passive' | 'detractor' {
  return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
}

const scoreFitsKind = (v: { kind: SurveyKind; score: number }, ctx: z.RefinementCtx) => {
  const problem = surveyScoreProblem(v.kind, v.score);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['score'] });
};

/**
 * A customer's answer to a survey about one conversation. Scoped like that conversation (its team
 * and assignee see it); agents only read them, the hub records them.
 */
export const SurveyResponse = z
  .object({
    id: SurveyResponseId,
    kind: SurveyKind,
    score: z.number().int(),
    /** The customer's own words, stored as sent: hostile, shown only as text. */
    comment: z.string().max(SURVEY_COMMENT_MAX),
    conversationId: ConversationId,
    customerId: CustomerId,
    /** Who handled the conversation when the customer answered; null if nobody had it. */
    agentId: UserId.nullable(),
    /** The conversation's team when the customer answered, for per-team reporting. */
    teamId: TeamId,
    createdAt: z.number().int(),
  })
  .superRefine(scoreFitsKind);
export type SurveyResponse = z.infer<typeof SurveyResponse>;

/**
 * One answer as a survey page or channel hands it to the hub. The hub derives customer, agent and
 * team from the conversation; a repeated answer to the same conversation and kind replaces the
 * first (the customer changed their mind), so a redelivered webhook is harmless.
 */
export const SurveyAnswer = z
  .strictObject({
    id: SurveyResponseId.optional(),
    kind: SurveyKind,
    score: z.number().int(),
    comment: z.string().trim().max(SURVEY_COMMENT_MAX).default(''),
    conversationId: ConversationId,
  })
  .superRefine(scoreFitsKind);
export type SurveyAnswer = z.input<typeof SurveyAnswer>;
