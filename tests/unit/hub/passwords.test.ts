import { describe, expect, it } from 'vitest';
import { ARGON2ID_OWASP, hashPassword, verifyPassword } from '../../../src-hub/auth/passwords.ts';
import { hashToken, newSessionToken, TOKEN_PATTERN } from '../../../src-hub/auth/tokens.ts';

describe('password hashing', () => {
  it('uses argon2id with the OWASP parameters (m=19456, t=2, p=1)', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(ARGON2ID_OWASP).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
  });

  it('verifies the right password and rejects others', async () => {
    const hash = await hashPassword('promptly-demo');
    expect(await verifyPassword(hash, 'promptly-demo')).toBe(true);
    expect(await verifyPassword(hash, 'promptly-demo ')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('treats a corrupt stored hash as a mismatch instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$bad', 'x')).toBe(false);
  });
});

describe('session tokens', () => {
  it('are 256-bit url-safe strings stored only as SHA-256', () => {
    const token = newSessionToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token);
    expect(newSessionToken()).not.toBe(token);
  });
});
