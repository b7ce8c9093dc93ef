import { z } from 'zod';
import { TeamId, UUID_PATTERN } from '../logic/ids.ts';

export const CANNED_TITLE_MAX = 120;
/** Long enough for a full troubleshooting guide, short enough that every desktop caches them all. */
export const CANNED_BODY_MAX = 10_000;

export const CannedResponseId = z
  .string()
  .regex(UUID_PATTERN, 'must be a lowercase UUID')
  .brand('CannedResponseId');
export type CannedResponseId = z.infer<typeof CannedResponseId>;

/** What an agent types after the trigger ("/refund"): lowercase so "Refund" and "refund" are one. */
export const CANNED_SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const CannedShortcut = z
  .string()
  .regex(CANNED_SHORTCUT_PATTERN, 'lowercase letters, digits, - and _ (at most 32)');

/**
 * A reusable reply. `teamId` null means workspace-wide (every agent sees it, only admins manage
 * it); otherwise the team's agents see it and its leads manage it. The shortcut is unique within
 * its scope, so a team may shadow a workspace-wide "refund" with its own.
 */
export const CannedResponse = z.object({
  id: CannedResponseId,
  teamId: TeamId.nullable(),
  title: z.string().max(CANNED_TITLE_MAX),
  shortcut: CannedShortcut,
  /** Plain text with `{{customer.firstName}}`-style variables (see logic/canned-template.ts). */
  body: z.string().max(CANNED_BODY_MAX),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  version: z.number().int().nonnegative(),
});
export type CannedResponse = z.infer<typeof CannedResponse>;
