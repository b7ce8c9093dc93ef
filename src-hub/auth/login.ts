import type { Kysely } from 'kysely';
import { PromptlyError } from '#shared/logic/ack.ts';
import type { LoginBody, LoginResponse } from '#shared/contracts/http.ts';
import type { Database } from '../store/schema.ts';
import type { SessionService } from './sessions.ts';
import { burnVerifyTime, verifyPassword } from './passwords.ts';
import { createFailureThrottle, type FailureThrottle } from './throttle.ts';

export class RateLimitedError extends PromptlyError {
  readonly retryAfterMs: number;
  constructor(
    retryAfterMs: number,
    message = 'Too many failed sign-ins. Wait a few minutes and try again.',
  ) {
    super('rate_limited', message);
    this.retryAfterMs = retryAfterMs;
  }
}

export interface LoginServiceDeps {
  db: Kysely<Database>;
  sessions: SessionService;
  perAccount?: FailureThrottle;
  perIp?: FailureThrottle;
}

export function createLoginService({
  db,
  sessions,
  perAccount = createFailureThrottle({ limit: 5, windowMs: 15 * 60_000 }),
  perIp = createFailureThrottle({ limit: 30, windowMs: 15 * 60_000 }),
}: LoginServiceDeps) {
  return {
    async login(body: LoginBody, ip: string): Promise<LoginResponse> {
      const accountKey = `acct:${body.email}`;
      const ipKey = `ip:${ip}`;
      const wait = Math.max(perAccount.retryAfterMs(accountKey), perIp.retryAfterMs(ipKey));
      if (wait > 0) throw new RateLimitedError(wait);

      const user = await db
        .selectFrom('users')
        .select(['id', 'name', 'role', 'password_hash', 'active'])
        .where('email', '=', body.email)
        .executeTakeFirst();
      const ok = user ? await verifyPassword(user.password_hash, body.password) : false;
      if (!user) await burnVerifyTime(body.password);
      // A deactivated account gets the same answer as a wrong password: no account probing.
      if (!user || !ok || !user.active) {
        perAccount.recordFailure(accountKey);
        perIp.recordFailure(ipKey);
        throw new PromptlyError('unauthorized', 'Email or password is incorrect.');
      }
      perAccount.reset(accountKey);
      const token = await sessions.create(user.id);
      return { token, user: { id: user.id, name: user.name, role: user.role } } as LoginResponse;
    },
  };
}

export type LoginService = ReturnType<typeof createLoginService>;
