import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.ts';

export type AuditAction =
  | 'conversation.assign'
  | 'conversation.transfer'
  | 'customer.edit'
  | 'customer.merge'
  | 'export'
  | 'user.change';

/** Written inside the same transaction as the change it describes, so the two never disagree. */
export async function audit(
  trx: Transaction<Database>,
  entry: {
    actorId: string | null;
    action: AuditAction;
    entity: string;
    entityId: string;
    detail: unknown;
  },
) {
  await trx
    .insertInto('audit_log')
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      detail: JSON.stringify(entry.detail),
    })
    .execute();
}
