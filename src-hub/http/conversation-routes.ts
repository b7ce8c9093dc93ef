import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { API_PREFIX, ConversationListQuery } from '#shared/contracts/http.ts';
import type { SessionService } from '../auth/sessions.ts';
import { listVisibleConversations } from '../domain/conversations.ts';
import type { Database } from '../store/schema.ts';
import { requireViewer } from './auth-routes.ts';
import { parseInput } from './errors.ts';

export function registerConversationRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; sessions: SessionService },
) {
  app.get(`${API_PREFIX}/conversations`, async (request) => {
    const viewer = await requireViewer(deps.sessions, request);
    const query = parseInput(ConversationListQuery, request.query);
    return listVisibleConversations(deps.db, viewer, query);
  });
}
