import { createContext, useContext } from 'react';
import type { Live } from './live.ts';

export const LiveContext = createContext<Live | null>(null);

export function useLive(): Live {
  const live = useContext(LiveContext);
  if (!live) throw new Error('useLive() outside a signed-in workspace');
  return live;
}
