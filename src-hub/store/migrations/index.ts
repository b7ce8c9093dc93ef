import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-mutations-audit.ts';
import * as m0003 from './0003-jobs.ts';
import * as m0004 from './0004-identities-callbacks.ts';
import * as m0005 from './0005-snooze-notifications.ts';
import * as m0006 from './0006-canned-views-surveys.ts';
import * as m0007 from './0007-customer-preferences.ts';
import * as m0008 from './0008-handoff-notes.ts';
import * as m0009 from './0009-user-resync.ts';
import * as m0010 from './0010-sla-alerts.ts';

/**
 * Every migration, in order. One file per version; a migration is never edited once released, so
 * an upgrade path is a new file. PGlite and PostgreSQL run exactly the same SQL.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-mutations-audit': m0002,
  '0003-jobs': m0003,
  '0004-identities-callbacks': m0004,
  '0005-snooze-notifications': m0005,
  '0006-canned-views-surveys': m0006,
  '0007-customer-preferences': m0007,
  '0008-handoff-notes': m0008,
  '0009-user-resync': m0009,
  '0010-sla-alerts': m0010,
};
