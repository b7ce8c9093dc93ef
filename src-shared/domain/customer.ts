import { z } from 'zod';
import { CustomerId } from '../logic/ids.ts';
import { LIMITS } from './limits.ts';

export const Customer = z.object({
  id: CustomerId,
  name: z.string().max(LIMITS.name),
  email: z.string().max(LIMITS.email).nullable(),
  phone: z.string().max(LIMITS.phone).nullable(),
  /** IANA zone, so promises and "local time" are shown in the customer's clock. */
  timezone: z.string().max(64).nullable(),
  company: z.string().max(LIMITS.name).nullable(),
  notes: z.string().max(LIMITS.text),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Customer = z.infer<typeof Customer>;
