import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  describeIssues,
  PromptlyError,
  type ErrorCode,
  type HttpErrorBody,
} from '#shared/logic/ack.ts';
import { RateLimitedError } from '../auth/login.ts';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  resync_required: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Parses untrusted input, turning a zod failure into the 400 every client knows how to show. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new PromptlyError('invalid_input', describeIssues(result.error));
  return result.data;
}

function fromFastify(error: FastifyError): { code: ErrorCode; message: string } | null {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { code: 'payload_too_large', message: 'Request body is too large.' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Fastify's own client errors (bad JSON, wrong content type): safe to echo.
    return { code: status === 404 ? 'not_found' : 'invalid_input', message: error.message };
  }
  return null;
}

export function sendError(reply: FastifyReply, code: ErrorCode, message: string) {
  const body: HttpErrorBody = { error: { code, message } };
  return reply.status(STATUS[code]).type('application/json').send(body);
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof RateLimitedError) {
    void reply.header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
  }
  if (error instanceof PromptlyError) return sendError(reply, error.code, error.message);
  const known = fromFastify(error);
  if (known) return sendError(reply, known.code, known.message);
  request.log.error({ err: error }, 'unhandled request error');
  return sendError(reply, 'internal', 'Something went wrong on the hub. It has been logged.');
}
