import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { API_PREFIX, ConversationListQuery } from '#shared/contracts/http.ts';
import type { SessionService } from '../auth/sessions.ts';
import { listVisibleConversations, readVisibleConversation } from '../domain/conversations.ts';
import { ConversationId } from '#shared/logic/ids.ts';
import { z } from 'zod';
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

  app.get(`${API_PREFIX}/conversations/:id`, async (request) => {
    const viewer = await requireViewer(deps.sessions, request);
    const { id } = parseInput(z.strictObject({ id: ConversationId }), request.params);
    return readVisibleConversation(deps.db, viewer, id);
  });
}
