import { z } from 'zod';
import { CustomerId, UUID_PATTERN } from '../logic/ids.ts';
import { LIMITS } from './limits.ts';

export const IdentityId = z
  .string()
  .regex(UUID_PATTERN, 'must be a lowercase UUID')
  .brand('IdentityId');
export type IdentityId = z.infer<typeof IdentityId>;

export const IdentityKind = z.enum(['email', 'phone', 'chat_visitor', 'social']);
export type IdentityKind = z.infer<typeof IdentityKind>;

/**
 * Normalizes an identity value so that one address typed two ways is one identity: emails are
 * lowercased, phones keep only digits behind a single leading '+'. Returns null when nothing
 * usable is left (a phone without digits).
 */
export function normalizeIdentityValue(kind: IdentityKind, raw: string): string | null {
  const v = raw.trim();
  if (kind === 'email') return v.length > 0 ? v.toLowerCase() : null;
  if (kind === 'phone') {
    const digits = v.replace(/\D/g, '');
    // E.164 allows at most 15 digits; fewer than 3 is never a reachable number.
    return digits.length >= 3 && digits.length <= 15 ? `+${digits}` : null;
  }
  return v.length > 0 ? v : null;
}

/** How a customer is recognised on a channel; (kind, value) belongs to one customer only. */
export const Identity = z.object({
  id: IdentityId,
  customerId: CustomerId,
  kind: IdentityKind,
  value: z.string().max(LIMITS.email),
  createdAt: z.number().int(),
});
export type Identity = z.infer<typeof Identity>;
