import { z } from 'zod';

/** Error codes every transport (socket ack, HTTP body, IPC) uses, so the UI can map them to text. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'payload_too_large',
  /** The client's sync cursor is older than the hub's change log: clear and bootstrap again. */
  'resync_required',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AckError = z.object({ ok: z.literal(false), code: ErrorCode, message: z.string() });
export type AckError = z.infer<typeof AckError>;

export type Ack<T> = { ok: true; value: T } | AckError;

export function ackSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), value }), AckError]);
}

/** An error a handler throws on purpose; its code and message are safe to show to the caller. */
export class PromptlyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'PromptlyError';
    this.code = code;
  }
}

/** The JSON body of every HTTP error response. */
export const HttpErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string() }),
});
export type HttpErrorBody = z.infer<typeof HttpErrorBody>;

/** Flattens zod issues into one line an API client (or a person reading logs) can act on. */
export function describeIssues(error: z.ZodError): string {
  // Bounded: zod echoes unknown keys, and a hostile client can send a megabyte-long one.
  const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);
  return error.issues
    .slice(0, 5)
    .map(
      (i) =>
        `${clip(i.path.length ? i.path.map(String).join('.') : '(root)', 100)}: ${clip(i.message, 200)}`,
    )
    .join('; ');
}
