import { createContext, useContext } from 'react';
import type { MutatorArgs, MutatorName } from '#shared/mutators/definitions.ts';

export type Mutate = <N extends MutatorName>(name: N, args: MutatorArgs<N>) => Promise<void>;

export const MutateContext = createContext<Mutate | null>(null);

/** How a component changes data: optimistic, durable in the outbox, then sent. */
export function useMutate(): Mutate {
  const mutate = useContext(MutateContext);
  if (!mutate) throw new Error('useMutate() outside a signed-in workspace');
  return mutate;
}
