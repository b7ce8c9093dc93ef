import type { Socket } from 'socket.io-client';
import { randomBytes } from 'node:crypto';
import { MutationResult, type MutatorName } from '#shared/mutators/definitions.ts';
import { ackSchema, type AckError } from '#shared/logic/ack.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';

export const newId = () => formatUuidV7(Date.now(), randomBytes(10));

export async function mutate(
  socket: Socket,
  name: MutatorName,
  args: unknown,
  id = newId(),
): Promise<{ ok: true; value: MutationResult } | AckError> {
  const raw: unknown = await socket.timeout(20_000).emitWithAck('mutate', { id, name, args });
  return ackSchema(MutationResult).parse(raw);
}
