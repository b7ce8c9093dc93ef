import { createContext, useContext } from 'react';
import type { PromptlyDb } from './db.ts';

export const DbContext = createContext<PromptlyDb | null>(null);

export function useDb(): PromptlyDb {
  const db = useContext(DbContext);
  if (!db) throw new Error('useDb() outside a signed-in workspace');
  return db;
}
