import { useDb } from '../../data/db-context.tsx';
import { useRejected } from './queries.ts';

const LABEL: Record<string, string> = {
  'conversation.reply': 'Reply not sent',
  'conversation.note': 'Note not saved',
  'conversation.assign': 'Assignment not saved',
  'conversation.set-status': 'Status not changed',
  'conversation.set-priority': 'Priority not changed',
  'conversation.set-tags': 'Tags not changed',
};

/** The hub said no: tell the agent what and why, and keep it until they have read it. */
export function RejectedNotices() {
  const db = useDb();
  const rejected = useRejected();
  if (rejected.length === 0) return null;
  return (
    <div className="notices" role="alert">
      {rejected.map((row) => (
        <div key={row.id} className="notice">
          <div>
            <div className="notice-title">{LABEL[row.name] ?? 'Change not saved'}</div>
            <div className="notice-body">{row.error?.message}</div>
          </div>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => void db.outbox.delete(row.seq ?? -1)}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
