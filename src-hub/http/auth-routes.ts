import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX, LoginBody } from '#shared/contracts/http.ts';
import { ChangePasswordBody } from '#shared/contracts/admin.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { Kysely } from 'kysely';
import type { LoginService } from '../auth/login.ts';
import {
  createPasswordChangeService,
  type PasswordChangeService,
} from '../auth/password-change.ts';
import type { Database } from '../store/schema.ts';
import type { SessionService } from '../auth/sessions.ts';
import type { Viewer } from '../domain/viewer.ts';
import { parseInput } from './errors.ts';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer ([^\s]+)$/i.exec(header.trim());
  return m?.[1] ?? null;
}

/** Resolves the caller or throws 401; every /api route except login starts here. */
export async function requireViewer(
  sessions: SessionService,
  request: FastifyRequest,
): Promise<Viewer> {
  const viewer = await sessions.authenticate(bearerToken(request));
  if (!viewer) throw new PromptlyError('unauthorized', 'Sign in again: this session is not valid.');
  return viewer;
}

export interface AuthRouteDeps {
  login: LoginService;
  sessions: SessionService;
  store: { db: Kysely<Database> };
  disconnectUser: (userId: string) => void;
  /** Built from `store` and `disconnectUser` when not given (tests inject their own). */
  passwordChange?: PasswordChangeService;
}

export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps) {
  const passwordChange =
    deps.passwordChange ??
    createPasswordChangeService({ db: deps.store.db, disconnectUser: deps.disconnectUser });

  app.post(`${API_PREFIX}/auth/login`, async (request) => {
    const body = parseInput(LoginBody, request.body);
    return deps.login.login(body, request.ip);
  });

  app.post(`${API_PREFIX}/auth/logout`, async (request, reply) => {
    await requireViewer(deps.sessions, request);
    const token = bearerToken(request);
    if (token) await deps.sessions.revoke(token);
    return reply.status(204).send();
  });

  /** The caller's own password; every other session of theirs ends, this one stays valid. */
  app.post(`${API_PREFIX}/auth/password`, async (request) => {
    const viewer = await requireViewer(deps.sessions, request);
    const body = parseInput(ChangePasswordBody, request.body);
    // requireViewer accepted this token, so it is present and well-formed.
    return passwordChange.change(viewer, bearerToken(request) ?? '', body);
  });

  app.get(`${API_PREFIX}/auth/me`, async (request) => {
    const viewer = await requireViewer(deps.sessions, request);
    return {
      user: { id: viewer.userId, name: viewer.name, role: viewer.role },
      teamIds: viewer.teamIds,
    };
  });
}
