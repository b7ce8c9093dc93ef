import { useEffect, useRef, useState } from 'react';
import type { PromptlyDb } from '../../data/db.ts';
import { useDb } from '../../data/db-context.tsx';

type Mode = 'reply' | 'note';

/**
 * The composer's text and mode, saved locally as the agent types (debounced) so a crash, a reload
 * or switching conversations loses nothing. Returns `loaded` false until the saved draft is read,
 * so the first keystrokes are never overwritten by a late load.
 */
export function useDraft(conversationId: string) {
  const db = useDb();
  const [text, setText] = useState('');
  const [mode, setMode] = useState<Mode>('reply');
  const [loaded, setLoaded] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    let current = true;
    void db.drafts.get(conversationId).then((d) => {
      if (!current) return;
      if (d) {
        setText(d.text);
        setMode(d.mode);
      }
      setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, [db, conversationId]);

  useEffect(() => {
    if (!loaded) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveDraft(db, conversationId, mode, text), 300);
    return () => {
      // Leaving the conversation flushes at once rather than dropping the last keystrokes.
      if (timer.current) clearTimeout(timer.current);
      void saveDraft(db, conversationId, mode, text);
    };
  }, [db, conversationId, mode, text, loaded]);

  return { text, setText, mode, setMode, loaded };
}

async function saveDraft(db: PromptlyDb, conversationId: string, mode: Mode, text: string) {
  if (text.trim() === '') await db.drafts.delete(conversationId);
  else await db.drafts.put({ conversationId, mode, text, updatedAt: Date.now() });
}
