import type { ConversationId } from '#shared/logic/ids.ts';
import { useCallback, useEffect, useState } from 'react';
import { InboxRow } from './InboxRow.tsx';
import { useInboxRows } from './queries.ts';

interface InboxListProps {
  selectedId: ConversationId | null;
  onSelect: (id: ConversationId) => void;
  header: React.ReactNode;
}

/** Refreshes relative times once a minute instead of on every render. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

export function InboxList({ selectedId, onSelect, header }: InboxListProps) {
  const rows = useInboxRows();
  const now = useMinuteClock();

  const move = useCallback(
    (delta: number) => {
      if (!rows || rows.length === 0) return;
      const index = rows.findIndex((r) => r.conversation.id === selectedId);
      const next = rows[Math.min(rows.length - 1, Math.max(0, index < 0 ? 0 : index + delta))];
      if (!next) return;
      onSelect(next.conversation.id);
      document.getElementById(`row-${next.conversation.id}`)?.scrollIntoView({ block: 'nearest' });
    },
    [rows, selectedId, onSelect],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (e.key === 'j' || e.key === 'ArrowDown') move(1);
      else if (e.key === 'k' || e.key === 'ArrowUp') move(-1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move]);

  return (
    <section className="inbox" aria-label="Inbox">
      {header}
      {rows === undefined ? null : rows.length === 0 ? (
        <div className="empty">
          <p>No conversations yet.</p>
          <p className="pane-sub">New messages from every channel land here.</p>
        </div>
      ) : (
        <ul className="list" role="listbox" aria-label="Conversations">
          {rows.map((row) => (
            <InboxRow
              key={row.conversation.id}
              row={row}
              now={now}
              selected={row.conversation.id === selectedId}
              onOpen={onSelect}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
