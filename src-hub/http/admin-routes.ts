import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { API_PREFIX } from '#shared/contracts/http.ts';
import {
  CreateTeamBody,
  CreateUserBody,
  RenameTeamBody,
  TeamParams,
  UpdateUserBody,
  UserParams,
  type AdminTeamList,
  type AdminTeamResponse,
  type AdminUserList,
  type AdminUserResponse,
} from '#shared/contracts/admin.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { SessionService } from '../auth/sessions.ts';
import { createAccountsService, type AccountsService, type Actor } from '../domain/accounts.ts';
import type { Writer } from '../domain/writer.ts';
import type { Database } from '../store/schema.ts';
import { requireViewer } from './auth-routes.ts';
import { parseInput } from './errors.ts';

export interface AdminRouteDeps {
  db: Kysely<Database>;
  sessions: SessionService;
  write: Writer;
  /** Ends a user's live sockets on every node (deactivation, role or team changes). */
  disconnectUser: (userId: string) => void;
  /** Built from the other deps when not given. */
  accounts?: AccountsService;
}

/** Users and teams, for admins only: anyone else signed in gets 403, nobody signed in 401. */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDeps) {
  const accounts =
    deps.accounts ??
    createAccountsService({ db: deps.db, write: deps.write, disconnectUser: deps.disconnectUser });
  const base = `${API_PREFIX}/admin`;

  async function requireAdmin(request: FastifyRequest): Promise<Actor> {
    const viewer = await requireViewer(deps.sessions, request);
    if (viewer.role !== 'admin') {
      throw new PromptlyError('forbidden', 'Only an admin can manage users and teams.');
    }
    return { via: 'api', userId: viewer.userId };
  }

  app.get(`${base}/users`, async (request) => {
    await requireAdmin(request);
    const body: AdminUserList = { users: await accounts.listUsers() };
    return body;
  });

  app.post(`${base}/users`, async (request, reply) => {
    const actor = await requireAdmin(request);
    const input = parseInput(CreateUserBody, request.body);
    const body: AdminUserResponse = { user: await accounts.createUser(actor, input) };
    return reply.status(201).send(body);
  });

  app.get(`${base}/users/:id`, async (request) => {
    await requireAdmin(request);
    const { id } = parseInput(UserParams, request.params);
    const body: AdminUserResponse = { user: await accounts.getUser(id) };
    return body;
  });

  app.patch(`${base}/users/:id`, async (request) => {
    const actor = await requireAdmin(request);
    const { id } = parseInput(UserParams, request.params);
    const patch = parseInput(UpdateUserBody, request.body);
    const { user } = await accounts.updateUser(actor, id, patch);
    const body: AdminUserResponse = { user };
    return body;
  });

  app.get(`${base}/teams`, async (request) => {
    await requireAdmin(request);
    const body: AdminTeamList = { teams: await accounts.listTeams() };
    return body;
  });

  app.post(`${base}/teams`, async (request, reply) => {
    const actor = await requireAdmin(request);
    const input = parseInput(CreateTeamBody, request.body);
    const body: AdminTeamResponse = { team: await accounts.createTeam(actor, input) };
    return reply.status(201).send(body);
  });

  app.patch(`${base}/teams/:id`, async (request) => {
    const actor = await requireAdmin(request);
    const { id } = parseInput(TeamParams, request.params);
    const input = parseInput(RenameTeamBody, request.body);
    const body: AdminTeamResponse = { team: await accounts.renameTeam(actor, id, input) };
    return body;
  });
}
