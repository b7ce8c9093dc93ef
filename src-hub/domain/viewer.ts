import type { Role } from '#shared/domain/user.ts';

/** Who is asking. Every read and command is filtered through this, never through client input. */
export interface Viewer {
  userId: string;
  name: string;
  role: Role;
  teamIds: readonly string[];
}

/**
 * The visibility rule: admins see everything; agents and leads see their teams' conversations
 * and anything assigned to them. Directory data (teams, agents, customers) carries no team and is
 * visible to every signed-in user, because an agent must be able to look up a caller.
 */
export function canSee(
  viewer: Viewer,
  scope: { teamId: string | null; assigneeId: string | null },
) {
  if (viewer.role === 'admin') return true;
  if (scope.teamId === null) return true;
  return viewer.teamIds.includes(scope.teamId) || scope.assigneeId === viewer.userId;
}

/**
 * Whether `viewer` receives a change-log row: exactly the filter readChanges applies in SQL.
 * Rows with target users (revocations) go to those users only, admins included; every other row
 * follows canSee.
 */
export function mayReceive(
  viewer: Viewer,
  scope: {
    teamId: string | null;
    assigneeId: string | null;
    targetUsers: readonly string[] | null;
  },
) {
  if (scope.targetUsers) return scope.targetUsers.includes(viewer.userId);
  return canSee(viewer, scope);
}

/** The viewer the socket handshake attached; every connected socket has one. */
export function viewerOf(socket: { data: unknown }): Viewer {
  const viewer = (socket.data as { viewer?: Viewer } | undefined)?.viewer;
  if (!viewer) throw new Error('socket has no authenticated viewer');
  return viewer;
}
