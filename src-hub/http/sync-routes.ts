import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { API_PREFIX, SyncSnapshotQuery } from '#shared/contracts/http.ts';
import type { SessionService } from '../auth/sessions.ts';
import { readSnapshotPage } from '../domain/snapshot.ts';
import type { Database } from '../store/schema.ts';
import { requireViewer } from './auth-routes.ts';
import { parseInput } from './errors.ts';

/**
 * The bootstrap snapshot over HTTP: the very `readSnapshotPage` the `sync:snapshot` socket event
 * answers with, so what a user may see is decided in one place. A desktop's sync worker fetches
 * these pages itself: over the socket, socket.io would parse each multi-megabyte page on the UI
 * thread before the worker ever saw it.
 */
export function registerSyncRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Database>; sessions: SessionService },
) {
  app.get(`${API_PREFIX}/sync/snapshot`, async (request) => {
    const viewer = await requireViewer(deps.sessions, request);
    const query = parseInput(SyncSnapshotQuery, request.query);
    return readSnapshotPage(deps.db, viewer, query);
  });
}
