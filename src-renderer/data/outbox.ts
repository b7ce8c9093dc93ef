import { mutatorArgs, type MutatorArgs, type MutatorName } from '#shared/mutators/definitions.ts';
import { describeIssues, PromptlyError } from '#shared/logic/ack.ts';
import type { SessionUser } from '#shared/domain/user.ts';
import type { PromptlyDb } from './db.ts';
import { newId } from './ids.ts';
import { applyLocally } from './optimistic.ts';

/**
 * Records an agent's change: the optimistic effect and the outbox row commit in one strict-durable
 * transaction, so what the agent sees is exactly what will be sent, even across a crash. Bad
 * arguments are refused here, before anything is written.
 */
export async function enqueue<N extends MutatorName>(
  deps: { db: PromptlyDb; me: SessionUser; now?: () => number },
  name: N,
  args: MutatorArgs<N>,
): Promise<string> {
  const parsed = mutatorArgs[name].safeParse(args);
  if (!parsed.success) throw new PromptlyError('invalid_input', describeIssues(parsed.error));
  const { db, me } = deps;
  const now = (deps.now ?? Date.now)();
  const id = newId();
  await db.transaction(
    'rw',
    [
      db.outbox,
      db.conversations,
      db.messages,
      db.customers,
      db.identities,
      db.callbacks,
      db.notifications,
      db.views,
      db.searchText,
      db.searchCustomers,
    ],
    async () => {
      await applyLocally({ db, me, now }, name, parsed.data as MutatorArgs<N>);
      await db.outbox.add({
        id,
        name,
        args: parsed.data,
        createdAt: now,
        attempts: 0,
        status: 'pending',
        error: null,
      });
    },
  );
  return id;
}
