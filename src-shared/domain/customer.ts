import { z } from 'zod';
import { CustomerId } from '../logic/ids.ts';
import { LIMITS } from './limits.ts';

/** One preference stays a short phrase ("WhatsApp", "calls before 10am"), not a second notes field. */
export const PREFERENCE_TEXT_MAX = 120;
export const PREFERENCES_MAX = 20;

const PreferenceList = z
  .array(z.string().trim().min(1, 'must not be empty').max(PREFERENCE_TEXT_MAX))
  .max(PREFERENCES_MAX);

/**
 * What the customer likes and what to avoid, as lists an agent can read at a glance while
 * replying. Structured rather than buried in notes so the panel can show "avoid" prominently.
 */
export const CustomerPreferences = z.object({
  likes: PreferenceList,
  avoid: PreferenceList,
});
export type CustomerPreferences = z.infer<typeof CustomerPreferences>;

export const NO_PREFERENCES: CustomerPreferences = { likes: [], avoid: [] };

export const Customer = z.object({
  id: CustomerId,
  name: z.string().max(LIMITS.name),
  email: z.string().max(LIMITS.email).nullable(),
  phone: z.string().max(LIMITS.phone).nullable(),
  /** IANA zone, so promises and "local time" are shown in the customer's clock. */
  timezone: z.string().max(64).nullable(),
  company: z.string().max(LIMITS.name).nullable(),
  notes: z.string().max(LIMITS.text),
  /**
   * Defaults to none so change-log entries and cached rows written before preferences existed
   * still parse.
   */
  preferences: CustomerPreferences.default(() => ({ likes: [], avoid: [] })),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Customer = z.infer<typeof Customer>;

/**
 * A cached customer's preferences. Rows that a desktop stored before the field existed lack it
 * (Dexie rows are not re-parsed on read), so readers go through this rather than the field.
 */
export function preferencesOf(c: Pick<Customer, 'preferences'> | undefined): CustomerPreferences {
  const p = c?.preferences as Partial<CustomerPreferences> | undefined;
  return { likes: p?.likes ?? [], avoid: p?.avoid ?? [] };
}
