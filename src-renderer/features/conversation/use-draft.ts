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

  // Saved 300 ms after the last keystroke; what is pending is flushed when the conversation
  // closes, so switching away loses nothing. A sent (empty) draft is deleted at once, so a reload
  // right after sending can never bring the sent text back.
  const latest = useRef({ mode, text, dirty: false });
  useEffect(() => {
    if (!loaded) return;
    latest.current = { mode, text, dirty: true };
    if (timer.current) clearTimeout(timer.current);
    const flush = () => {
      latest.current.dirty = false;
      void saveDraft(db, conversationId, mode, text);
    };
    if (text.trim() === '') flush();
    else timer.current = setTimeout(flush, 300);
  }, [db, conversationId, mode, text, loaded]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      const { mode: m, text: t, dirty } = latest.current;
      if (dirty) void saveDraft(db, conversationId, m, t);
    },
    [db, conversationId],
  );

  return { text, setText, mode, setMode, loaded };
}

async function saveDraft(db: PromptlyDb, conversationId: string, mode: Mode, text: string) {
  if (text.trim() === '') await db.drafts.delete(conversationId);
  else await db.drafts.put({ conversationId, mode, text, updatedAt: Date.now() });
}
