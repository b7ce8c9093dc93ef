import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { Viewer } from '../domain/viewer.ts';
import { hashToken, newSessionToken, TOKEN_PATTERN } from './tokens.ts';

export interface SessionPolicy {
  /** A session unused for this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in however active it is. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 14 * 24 * 3600_000,
  absoluteMs: 60 * 24 * 3600_000,
};

/** Touching last_seen_at on every request would turn every read into a write. */
const TOUCH_EVERY_MS = 60_000;

export interface SessionServiceDeps {
  db: Kysely<Database>;
  policy?: SessionPolicy;
  now?: () => number;
}

export function createSessionService({
  db,
  policy = DEFAULT_SESSION_POLICY,
  now = Date.now,
}: SessionServiceDeps) {
  return {
    async create(userId: string): Promise<string> {
      const token = newSessionToken();
      const t = now();
      await db
        .insertInto('sessions')
        .values({
          token_hash: hashToken(token),
          user_id: userId,
          created_at: new Date(t),
          last_seen_at: new Date(t),
          expires_at: new Date(t + policy.absoluteMs),
          revoked_at: null,
        })
        .execute();
      return token;
    },

    /** The viewer behind a token, or null when it is unknown, revoked, expired or its user inactive. */
    async authenticate(
      token: unknown,
      /** false: a check made by the hub on its own (a listening socket), not a use of the session. */
      opts: { touch?: boolean } = {},
    ): Promise<Viewer | null> {
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
      const tokenHash = hashToken(token);
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.last_seen_at',
          'sessions.expires_at',
          'sessions.revoked_at',
          'users.id',
          'users.name',
          'users.role',
          'users.active',
        ])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row || row.revoked_at || !row.active) return null;
      const t = now();
      const lastSeen = new Date(row.last_seen_at).getTime();
      if (new Date(row.expires_at).getTime() <= t || lastSeen + policy.idleMs <= t) return null;
      if (opts.touch !== false && t - lastSeen > TOUCH_EVERY_MS) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: new Date(t) })
          .where('token_hash', '=', tokenHash)
          .execute();
      }
      const teams = await db
        .selectFrom('team_members')
        .select('team_id')
        .where('user_id', '=', row.id)
        .execute();
      return {
        userId: row.id,
        name: row.name,
        role: row.role,
        teamIds: teams.map((m) => m.team_id),
      };
    },

    /**
     * Ends every live session of a user, except the one behind `exceptToken` (the caller's own,
     * after a password change). Returns how many ended.
     */
    async revokeAllFor(userId: string, opts: { exceptToken?: string } = {}): Promise<number> {
      return revokeUserSessions(db, userId, new Date(now()), opts.exceptToken);
    },

    async revoke(token: string): Promise<void> {
      if (!TOKEN_PATTERN.test(token)) return;
      await db
        .updateTable('sessions')
        .set({ revoked_at: new Date(now()) })
        .where('token_hash', '=', hashToken(token))
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

/**
 * Revokes a user's sessions through `db`, which may be a transaction so the revocation commits
 * together with the change that caused it (a new password, a deactivation).
 */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  at: Date,
  exceptToken?: string,
): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at);
  if (exceptToken !== undefined) query = query.where('token_hash', '!=', hashToken(exceptToken));
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
