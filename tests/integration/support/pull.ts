import type { Socket } from 'socket.io-client';
import type { Change } from '#shared/domain/change.ts';
import { SyncPullResult } from '#shared/contracts/socket.ts';
import { ackSchema } from '#shared/logic/ack.ts';

/** Pulls every page from `cursor`, validating each ack against the shared contract. */
export async function pullAll(socket: Socket, cursor = 0, limit = 1000) {
  const changes: Change[] = [];
  let pages = 0;
  for (;;) {
    const raw: unknown = await socket.timeout(20_000).emitWithAck('sync:pull', { cursor, limit });
    const ack = ackSchema(SyncPullResult).parse(raw);
    if (!ack.ok) throw new Error(`pull refused: ${ack.code} ${ack.message}`);
    changes.push(...ack.value.changes);
    cursor = ack.value.cursor;
    pages++;
    if (!ack.value.hasMore) return { changes, cursor, pages };
  }
}

export function byEntity<E extends Change['entity']>(changes: Change[], entity: E) {
  return changes.flatMap((c) => (c.entity === entity && c.op === 'put' ? [c.data] : []));
}
