import { z } from 'zod';
import { Agent, Email, Role, Team } from '../domain/user.ts';
import { LIMITS } from '../domain/limits.ts';
import { TeamId, UserId } from '../logic/ids.ts';

/**
 * Account management: a signed-in user changing their own password, and the admin API for users
 * and teams (`/api/v1/admin/*`, role admin only). The hub's CLI runs the same rules.
 */

/** Shortest password the hub accepts when one is set (sign-in accepts whatever is stored). */
export const MIN_PASSWORD_LENGTH = 10;

export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(LIMITS.password);

/** A display name: trimmed, never blank. Used for people and teams alike. */
export const DisplayName = z.string().trim().min(1, 'must not be blank').max(LIMITS.name);

/** At most this many team memberships per user. */
export const MAX_TEAMS_PER_USER = 50;

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(LIMITS.password),
  newPassword: NewPassword,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const ChangePasswordResponse = z.object({
  /** Sessions on other devices that were signed out; the caller's own session stays valid. */
  otherSessionsEnded: z.number().int().nonnegative(),
});
export type ChangePasswordResponse = z.infer<typeof ChangePasswordResponse>;

/** A user as the admin screens show them: the directory record plus bookkeeping. */
export const AdminUser = Agent.extend({
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type AdminUser = z.infer<typeof AdminUser>;

const TeamIds = z.array(TeamId).max(MAX_TEAMS_PER_USER);

export const CreateUserBody = z.strictObject({
  email: Email,
  name: DisplayName,
  role: Role,
  password: NewPassword,
  teamIds: TeamIds.default([]),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .strictObject({
    name: DisplayName.optional(),
    role: Role.optional(),
    active: z.boolean().optional(),
    teamIds: TeamIds.optional(),
    /** Sets a new password and ends every session of that user. */
    password: NewPassword.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'nothing to change');
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const UserParams = z.strictObject({ id: UserId });
export const TeamParams = z.strictObject({ id: TeamId });

export const CreateTeamBody = z.strictObject({ name: DisplayName });
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;

export const RenameTeamBody = z.strictObject({ name: DisplayName });
export type RenameTeamBody = z.infer<typeof RenameTeamBody>;

export const AdminUserList = z.object({ users: z.array(AdminUser) });
export type AdminUserList = z.infer<typeof AdminUserList>;
export const AdminUserResponse = z.object({ user: AdminUser });
export type AdminUserResponse = z.infer<typeof AdminUserResponse>;

export const AdminTeam = Team.extend({ memberCount: z.number().int().nonnegative() });
export type AdminTeam = z.infer<typeof AdminTeam>;
export const AdminTeamList = z.object({ teams: z.array(AdminTeam) });
export type AdminTeamList = z.infer<typeof AdminTeamList>;
export const AdminTeamResponse = z.object({ team: AdminTeam });
export type AdminTeamResponse = z.infer<typeof AdminTeamResponse>;
