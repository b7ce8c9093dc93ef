import { z } from 'zod';
import { TeamId, UserId } from '../logic/ids.ts';
import { LIMITS } from './limits.ts';

export const Role = z.enum(['agent', 'lead', 'admin']);
export type Role = z.infer<typeof Role>;

export const Email = z
  .string()
  .trim()
  .max(LIMITS.email)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());

/** What the hub tells a signed-in client about itself. */
export const SessionUser = z.object({
  id: UserId,
  name: z.string().max(LIMITS.name),
  role: Role,
});
export type SessionUser = z.infer<typeof SessionUser>;

/** An agent as every colleague's desktop caches it. */
export const Agent = z.object({
  id: UserId,
  name: z.string().max(LIMITS.name),
  email: z.string().max(LIMITS.email),
  role: Role,
  teamIds: z.array(TeamId),
  active: z.boolean(),
});
export type Agent = z.infer<typeof Agent>;

export const Team = z.object({
  id: TeamId,
  name: z.string().max(LIMITS.name),
});
export type Team = z.infer<typeof Team>;
