import { z } from 'zod';
import { Email, SessionUser } from '../domain/user.ts';
import { Conversation } from '../domain/conversation.ts';
import { LIMITS } from '../domain/limits.ts';
import { decodeActivityCursor } from '../logic/cursor.ts';
import { SNAPSHOT_PAGE_PATTERN } from './socket.ts';

export const API_PREFIX = '/api/v1';

export const LoginBody = z.strictObject({
  email: Email,
  password: z.string().min(1).max(LIMITS.password),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const LoginResponse = z.object({
  token: z.string(),
  user: SessionUser,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const ConversationListQuery = z.strictObject({
  cursor: z
    .string()
    .max(64)
    .refine((c) => decodeActivityCursor(c) !== null, 'malformed cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

/**
 * `GET /sync/snapshot`: the `sync:snapshot` pages over HTTP, answered with a `SyncSnapshotPage`.
 * A desktop's sync worker fetches them itself, so multi-megabyte pages are parsed off the UI thread.
 */
export const SyncSnapshotQuery = z.strictObject({
  page: z.string().max(80).regex(SNAPSHOT_PAGE_PATTERN, 'malformed snapshot page').optional(),
  windowDays: z.coerce.number().int().min(1).max(3650).default(90),
});
export type SyncSnapshotQuery = z.infer<typeof SyncSnapshotQuery>;

export const ConversationListResponse = z.object({
  items: z.array(Conversation),
  nextCursor: z.string().nullable(),
});
export type ConversationListResponse = z.infer<typeof ConversationListResponse>;

export const HealthResponse = z.object({
  ok: z.literal(true),
  version: z.string(),
  engine: z.enum(['pglite', 'postgres']),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
