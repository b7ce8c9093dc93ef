import { instantOfWallTime, parseWallTime, type ZonedInstant } from './zoned-time.ts';

/** What the agent typed into the promise form: a day and a time, or a window on that day. */
export interface CallbackTimeInput {
  mode: 'time' | 'window';
  date: string;
  time: string;
  /** The window's end on the same day; ignored for a plain time. */
  endTime: string;
}

export type ResolvedCallbackTime =
  | {
      ok: true;
      dueAt: number;
      windowEndAt: number | undefined;
      /** Daylight-saving caveats worth telling the agent, in plain words. */
      warnings: string[];
    }
  | { ok: false; problem: string };

function caveat(r: ZonedInstant, what: string): string | null {
  if (r.note === 'skipped')
    return `The clocks go forward over ${what} there, so it is read as the hour after.`;
  if (r.note === 'ambiguous')
    return `${what} happens twice there (the clocks go back); the first one is meant.`;
  return null;
}

/**
 * Reads the form in `timeZone` (the customer's, or the agent's own when the customer's is
 * unknown): "15:00" means 15:00 on the customer's clock, which is what the customer was told.
 */
export function resolveCallbackTime(
  input: CallbackTimeInput,
  timeZone: string,
): ResolvedCallbackTime {
  const start = parseWallTime(input.date, input.time);
  if (!start) return { ok: false, problem: 'Pick a day and a time.' };
  const due = instantOfWallTime(start, timeZone);
  const warnings = [caveat(due, input.time)];
  let windowEndAt: number | undefined;
  if (input.mode === 'window') {
    const endWall = parseWallTime(input.date, input.endTime);
    if (!endWall) return { ok: false, problem: 'Pick when the window ends.' };
    const end = instantOfWallTime(endWall, timeZone);
    if (end.at <= due.at) return { ok: false, problem: 'The window must end after it starts.' };
    windowEndAt = end.at;
    warnings.push(caveat(end, input.endTime));
  }
  return {
    ok: true,
    dueAt: due.at,
    windowEndAt,
    warnings: warnings.filter((w): w is string => w !== null),
  };
}
