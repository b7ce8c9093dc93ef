import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * OWASP's argon2id baseline: m=19 MiB, t=2, p=1. The algorithm is given by number because the
 * binding declares it as an ambient const enum, which isolated modules cannot read.
 */
export const ARGON2ID_OWASP: Options = {
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** The rule lives with the shared contracts so clients can show it; re-exported for the hub. */
export { MIN_PASSWORD_LENGTH } from '#shared/contracts/admin.ts';

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID_OWASP);
}

/** Never throws on a malformed stored hash: it is just not a match. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies against a throwaway hash so a login for an unknown email costs the same time as one
 * for a real account, and response timing does not reveal which emails exist.
 */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('promptly-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}
