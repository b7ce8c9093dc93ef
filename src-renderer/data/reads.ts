import type { PromptlyDb } from './db.ts';

/**
 * Marks a conversation read up to now. Read state is this desktop's own (local-only), so a
 * colleague opening a conversation does not clear it from your unread list.
 */
export async function markRead(db: PromptlyDb, conversationId: string): Promise<void> {
  await db.reads.put({ conversationId, readAt: Date.now() });
}
