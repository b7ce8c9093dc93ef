import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../store/schema.ts';

/** What a handler is told about the job it runs. */
export interface JobContext {
  id: string;
  kind: string;
  /** 1 on the first run; a job whose claim lapsed (its node died) runs again with the next. */
  attempt: number;
  runAt: Date;
  /** Aborted when this node loses the claim or shuts down: stop and let the job run elsewhere. */
  signal: AbortSignal;
  /**
   * Marks the job done inside the caller's transaction, fenced by this claim: it throws
   * JobClaimLost, rolling that transaction back, when another node has taken the job over. Handlers
   * whose effect is a database write call it in that write's transaction, which makes the effect
   * exactly-once even when a node dies mid-job. Otherwise the runner marks the job done after the
   * handler returns (at-least-once for effects outside the database).
   */
  complete(trx: Transaction<Database>): Promise<void>;
}

export interface JobDefinition<P> {
  /** Parsed before every run; a payload that fails is dead at once (retrying cannot fix it). */
  payload: z.ZodType<P>;
  run(payload: P, ctx: JobContext): Promise<void>;
  /** Runs (including ones cut short by a dead node) before the job is given up. Default 5. */
  maxAttempts?: number;
  /** Delay before retry `attempt + 1` after run `attempt` threw. Default: exponential, capped. */
  retryDelayMs?: (attempt: number) => number;
}

export class JobClaimLost extends Error {
  constructor(id: string) {
    super(`job ${id} is no longer claimed by this node`);
  }
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/** 5 s, 10 s, 20 s … capped at 10 minutes. */
export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 600_000);
}

/** Kind names: `area.verb`, lowercase, e.g. `callback.mark-missed`. */
const KIND = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * The job kinds this hub can run, by name. Features register their kinds at start-up (before the
 * runner starts); every node must register the same kinds, since any node may claim any job.
 */
export function createJobRegistry() {
  const definitions = new Map<string, JobDefinition<unknown>>();
  return {
    register<P>(kind: string, definition: JobDefinition<P>) {
      if (!KIND.test(kind)) throw new Error(`job kind ${JSON.stringify(kind)} is not area.verb`);
      if (definitions.has(kind)) throw new Error(`job kind ${kind} is registered twice`);
      definitions.set(kind, definition);
    },
    get(kind: string): JobDefinition<unknown> | undefined {
      return definitions.get(kind);
    },
    kinds(): string[] {
      return [...definitions.keys()];
    },
  };
}

export type JobRegistry = ReturnType<typeof createJobRegistry>;
