import type { Kysely } from 'kysely';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { ChangePasswordBody, ChangePasswordResponse } from '#shared/contracts/admin.ts';
import type { Database } from '../store/schema.ts';
import type { Viewer } from '../domain/viewer.ts';
import { audit } from '../domain/audit.ts';
import { RateLimitedError } from './login.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { revokeUserSessions } from './sessions.ts';
import { createFailureThrottle, type FailureThrottle } from './throttle.ts';

export interface PasswordChangeDeps {
  db: Kysely<Database>;
  /** Ends the user's live sockets (every node) once the change has committed. */
  disconnectUser?: (userId: string) => void;
  /** Wrong current passwords per user: a stolen session must not become a password oracle. */
  throttle?: FailureThrottle;
  now?: () => number;
}

/**
 * A signed-in user changing their own password. Everything else signed in as them ends (a
 * password change is what people do when they suspect someone else has it); the session that
 * made the change stays valid, so the desktop in front of them keeps working.
 */
export function createPasswordChangeService({
  db,
  disconnectUser,
  throttle = createFailureThrottle({ limit: 5, windowMs: 15 * 60_000 }),
  now = Date.now,
}: PasswordChangeDeps) {
  return {
    async change(
      viewer: Viewer,
      currentToken: string,
      body: ChangePasswordBody,
    ): Promise<ChangePasswordResponse> {
      const key = `user:${viewer.userId}`;
      const wait = throttle.retryAfterMs(key);
      if (wait > 0) {
        throw new RateLimitedError(
          wait,
          'Too many wrong current passwords. Wait a few minutes and try again.',
        );
      }
      const row = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', viewer.userId)
        .executeTakeFirst();
      const ok = row ? await verifyPassword(row.password_hash, body.currentPassword) : false;
      if (!row || !ok) {
        throttle.recordFailure(key);
        throw new PromptlyError('unauthorized', 'The current password is incorrect.');
      }
      throttle.reset(key);
      if (body.newPassword === body.currentPassword) {
        throw new PromptlyError(
          'invalid_input',
          'newPassword: must be different from the current password',
        );
      }
      const hash = await hashPassword(body.newPassword);
      const ended = await db.transaction().execute(async (trx) => {
        const at = new Date(now());
        // Compare-and-set on the hash we verified: a concurrent change wins, this one is refused.
        const updated = await trx
          .updateTable('users')
          .set({ password_hash: hash, updated_at: at })
          .where('id', '=', viewer.userId)
          .where('password_hash', '=', row.password_hash)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) {
          throw new PromptlyError('conflict', 'The password was changed meanwhile. Try again.');
        }
        const ended = await revokeUserSessions(trx, viewer.userId, at, currentToken);
        await audit(trx, {
          actorId: viewer.userId,
          action: 'user.change',
          entity: 'user',
          entityId: viewer.userId,
          detail: { op: 'password.change', via: 'api', sessionsEnded: ended },
        });
        return ended;
      });
      // Ends the caller's own sockets too; their desktop reconnects with its still-valid token.
      disconnectUser?.(viewer.userId);
      return { otherSessionsEnded: ended };
    },
  };
}

export type PasswordChangeService = ReturnType<typeof createPasswordChangeService>;
