import { z } from 'zod';
import { Email, SessionUser } from '../domain/user.ts';
import { Conversation } from '../domain/conversation.ts';
import { LIMITS } from '../domain/limits.ts';
import { decodeActivityCursor } from '../logic/cursor.ts';

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
