import type { Transaction } from 'kysely';
import type { CallbackPromise } from '#shared/domain/callback.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Database } from '../store/schema.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { JobScheduler } from '../jobs/scheduler.ts';
import {
  CALLBACK_MISSED_GRACE_MS,
  MISSED_JOB,
  missedKey,
  missedRunAt,
  registerMissedJob,
  type MissedPayload,
} from './callback-deadlines.ts';
import { registerWakeJob, WAKE_JOB, wakeKey, type WakePayload } from './snooze.ts';
import type { Writer } from './writer.ts';

export interface FollowUpsDeps {
  scheduler: JobScheduler;
  /** Added to a promise's deadline before it is marked missed (CALLBACK_MISSED_GRACE_MS). */
  callbackGraceMs?: number;
}

/**
 * The scheduled work that domain writes start and stop: a snooze's wake-up and a promise's
 * deadline. Every call takes the write's transaction, so a job exists exactly if its write
 * commits, and a superseded job is cancelled in the same breath. Jobs that still slip through (a
 * cancel that lost a race with a claim) are harmless: their handlers re-check the state.
 */
export function createFollowUps(deps: FollowUpsDeps) {
  const { scheduler } = deps;
  const graceMs = deps.callbackGraceMs ?? CALLBACK_MISSED_GRACE_MS;
  return {
    callbackGraceMs: graceMs,

    async snoozed(trx: Transaction<Database>, c: Conversation) {
      if (c.status !== 'snoozed' || c.snoozedUntil === null) return;
      const payload: WakePayload = { conversationId: c.id, until: c.snoozedUntil };
      await scheduler.schedule(WAKE_JOB, new Date(c.snoozedUntil), payload, {
        dedupeKey: wakeKey(c.id, c.snoozedUntil),
        trx,
      });
    },

    /** `before` is the conversation as it was; its wake-up, if any, is no longer wanted. */
    async snoozeEnded(trx: Transaction<Database>, before: Conversation) {
      if (before.snoozedUntil === null) return;
      await scheduler.cancel(wakeKey(before.id, before.snoozedUntil), { trx });
    },

    /** Sets the deadline of a promise that is (still) scheduled, at its current version. */
    async promiseOpen(trx: Transaction<Database>, p: CallbackPromise) {
      if (p.status !== 'scheduled') return;
      const payload: MissedPayload = { promiseId: p.id, version: p.version };
      await scheduler.schedule(MISSED_JOB, missedRunAt(p, graceMs), payload, {
        dedupeKey: missedKey(p.id, p.version),
        trx,
      });
    },

    /** Drops the deadline set for this promise at `version` (kept, cancelled or superseded). */
    async promiseSuperseded(trx: Transaction<Database>, promiseId: string, version: number) {
      await scheduler.cancel(missedKey(promiseId, version), { trx });
    },
  };
}

export type FollowUps = ReturnType<typeof createFollowUps>;

/** Registers the handlers of the follow-up jobs; every node runs them with its own writer. */
export function registerFollowUpJobs(deps: { registry: JobRegistry; write: Writer }) {
  registerWakeJob(deps);
  registerMissedJob(deps);
}
