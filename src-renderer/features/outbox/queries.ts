import { useLiveQuery } from 'dexie-react-hooks';
import { useDb } from '../../data/db-context.tsx';
import type { OutboxRow } from '../../data/db.ts';

export function usePendingCount(): number {
  const db = useDb();
  return useLiveQuery(() => db.outbox.where('status').equals('pending').count(), [db]) ?? 0;
}

export function useRejected(): OutboxRow[] {
  const db = useDb();
  return useLiveQuery(() => db.outbox.where('status').equals('rejected').toArray(), [db]) ?? [];
}

/** Message id → outbox state, for the messages this desktop has not yet had confirmed. */
export function useUnconfirmedMessages(): Map<string, OutboxRow['status']> {
  const db = useDb();
  const rows = useLiveQuery(() => db.outbox.toArray(), [db]) ?? [];
  const out = new Map<string, OutboxRow['status']>();
  for (const row of rows) {
    const { messageId, noteId } = row.args as { messageId?: string; noteId?: string };
    if (messageId ?? noteId) out.set((messageId ?? noteId)!, row.status);
  }
  return out;
}
