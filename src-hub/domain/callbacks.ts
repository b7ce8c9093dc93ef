import type { CallbackPromise } from '#shared/domain/callback.ts';
import type { ChangeInput } from './changes.ts';

/**
 * A promise is seen by its conversation's team and by its owner (who may have left that team), so
 * the change log scopes it to (conversation team, owner). Callers pass the team read fresh in
 * their transaction: after a transfer the promise follows the conversation.
 */
export function putCallback(changes: ChangeInput[], p: CallbackPromise, teamId: string) {
  changes.push({
    entity: 'callback',
    entityId: p.id,
    op: 'put',
    teamId,
    assigneeId: p.ownerId,
    data: p,
  });
}
