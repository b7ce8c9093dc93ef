import { useDb } from '../../data/db-context.tsx';
import { useRejected } from './queries.ts';
import { useTranslation } from '../../i18n/index.ts';

/** What each refused mutator meant to the agent; anything else is "Change not saved". */
const LABEL = {
  'conversation.reply': 'reply',
  'conversation.reply.v2': 'reply',
  'conversation.note': 'note',
  'conversation.assign': 'assign',
  'conversation.set-status': 'status',
  'conversation.set-priority': 'priority',
  'conversation.set-tags': 'tags',
} as const satisfies Record<string, string>;

const labelOf = (name: string) => (name in LABEL ? LABEL[name as keyof typeof LABEL] : 'other');

/** The hub said no: tell the agent what and why, and keep it until they have read it. */
export function RejectedNotices() {
  const { t } = useTranslation(['outbox', 'common']);
  const db = useDb();
  const rejected = useRejected();
  if (rejected.length === 0) return null;
  return (
    <div className="notices" role="alert">
      {rejected.map((row) => (
        <div key={row.id} className="notice">
          <div>
            <div className="notice-title">{t(`rejected.${labelOf(row.name)}`)}</div>
            <div className="notice-body">{row.error?.message}</div>
          </div>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => void db.outbox.delete(row.seq ?? -1)}
          >
            {t('common:dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
