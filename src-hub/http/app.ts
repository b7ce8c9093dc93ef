import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import fastifyStatic from '@fastify/static';
import type { HealthResponse } from '#shared/contracts/http.ts';
import type { Store } from '../store/database.ts';
import { ping } from '../store/database.ts';
import type { LoginService } from '../auth/login.ts';
import type { SessionService } from '../auth/sessions.ts';
import { errorHandler, sendError } from './errors.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { registerConversationRoutes } from './conversation-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import { registerSyncRoutes } from './sync-routes.ts';
import type { Writer } from '../domain/writer.ts';

export interface HttpAppDeps {
  store: Store;
  sessions: SessionService;
  login: LoginService;
  version: string;
  /** Built web workspace to serve at `/`, or null when the hub runs headless. */
  rendererDir: string | null;
  /** Origins other than the hub's own that may call the API (the desktop's app:// page). */
  corsOrigins: readonly string[];
  logger: boolean;
  /** Ends a user's live socket connections; bound late because sockets attach after the app. */
  disconnectUser: (userId: string) => void;
  /** The change-log writer; the admin API (users, teams) is served only when it is given. */
  write?: Writer;
}

export async function createHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ? { level: 'info' } : false,
    bodyLimit: 256 * 1024,
    // Behind a load balancer the operator sets TRUST_PROXY; never trust X-Forwarded-For by default.
    trustProxy: process.env.TRUST_PROXY === '1',
    // Errors Fastify raises before routing (a malformed URL, an over-long path parameter) would
    // otherwise answer in Fastify's own shape and skip our security headers.
    frameworkErrors: (error, request, reply) => {
      void errorHandler(error, request, reply);
    },
  });
  app.setErrorHandler(errorHandler);
  registerSecurityHeaders(app);
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin === undefined || deps.corsOrigins.includes(origin)),
  });

  app.get('/healthz', async (_request, reply) => {
    try {
      await ping(deps.store.db);
    } catch {
      return sendError(reply, 'unavailable', 'The database is not reachable.');
    }
    const body: HealthResponse = { ok: true, version: deps.version, engine: deps.store.engine };
    return body;
  });

  registerAuthRoutes(app, deps);
  registerConversationRoutes(app, { db: deps.store.db, sessions: deps.sessions });
  registerSyncRoutes(app, { db: deps.store.db, sessions: deps.sessions });
  if (deps.write) registerAdminRoutes(app, { ...deps, db: deps.store.db, write: deps.write });

  if (deps.rendererDir && existsSync(join(deps.rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: deps.rendererDir,
      index: 'index.html',
      // Hashed assets never change; the shell and service worker must always revalidate.
      cacheControl: false,
      setHeaders(res, path) {
        const immutable = path.includes(join('/', 'assets', '/'));
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`),
  );
  return app;
}
