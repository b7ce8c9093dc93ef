import {
  AdminTeamList,
  AdminTeamResponse,
  AdminUserList,
  AdminUserResponse,
  type CreateUserBody,
  type UpdateUserBody,
} from '#shared/contracts/admin.ts';
import { hubRequest } from '../../data/hub-client.ts';

type Session = { hubUrl: string; token: string };

/**
 * The admin screens talk to the hub directly: account changes must be confirmed by the hub before
 * anyone relies on them, so they are online-only by design and never queued in the outbox.
 */
export function adminApi(session: Session) {
  return {
    users: () => hubRequest(session, 'GET', '/admin/users', AdminUserList),
    createUser: (body: CreateUserBody) =>
      hubRequest(session, 'POST', '/admin/users', AdminUserResponse, body),
    updateUser: (id: string, body: UpdateUserBody) =>
      hubRequest(
        session,
        'PATCH',
        `/admin/users/${encodeURIComponent(id)}`,
        AdminUserResponse,
        body,
      ),
    teams: () => hubRequest(session, 'GET', '/admin/teams', AdminTeamList),
    createTeam: (name: string) =>
      hubRequest(session, 'POST', '/admin/teams', AdminTeamResponse, { name }),
    renameTeam: (id: string, name: string) =>
      hubRequest(session, 'PATCH', `/admin/teams/${encodeURIComponent(id)}`, AdminTeamResponse, {
        name,
      }),
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
