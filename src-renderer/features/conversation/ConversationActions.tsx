import { useState } from 'react';
import type { Conversation, Priority } from '#shared/domain/conversation.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { Menu } from '../../ui/Menu.tsx';
import { AssignDialog } from './AssignDialog.tsx';
import { SNOOZE_PRESETS } from './snooze-presets.ts';
import { TagEditor } from './TagEditor.tsx';
import { dateFormat } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';

const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];
const untilLabel = (ms: number) =>
  dateFormat({ weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(ms);

/** Status (with snooze), priority, assignment or transfer with a handoff note, and tags. */
export function ConversationActions({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation(['conversation', 'common']);
  const mutate = useMutate();
  const [assigning, setAssigning] = useState(false);
  const [custom, setCustom] = useState('');
  const conversationId = c.id;
  const setStatus = (status: 'open' | 'pending' | 'resolved') =>
    void mutate('conversation.set-status', { conversationId, status });
  const snooze = (until: number) => void mutate('conversation.snooze', { conversationId, until });

  return (
    <div className="conv-actions" role="toolbar" aria-label={t('actions.label')}>
      <Menu
        label={t('actions.status')}
        button={
          <span className={`badge badge-${c.status}`}>
            {c.status === 'snoozed' && c.snoozedUntil
              ? t('actions.snoozedUntil', { time: untilLabel(c.snoozedUntil) })
              : t(`common:status.${c.status}`)}
          </span>
        }
        items={[
          ...(['open', 'pending', 'resolved'] as const).map((s) => ({
            key: s,
            label: t(`common:status.${s}`),
            current: c.status === s,
            onSelect: () => setStatus(s),
          })),
          ...SNOOZE_PRESETS.map((p) => ({
            key: `snooze-${p.key}`,
            label: t('actions.snoozeWith', { preset: p.label(t) }),
            onSelect: () => snooze(p.until(Date.now())),
          })),
        ]}
        footer={(close) => (
          <form
            className="menu-form"
            onSubmit={(e) => {
              e.preventDefault();
              const until = new Date(custom).getTime();
              if (Number.isFinite(until) && until > Date.now()) {
                snooze(until);
                close();
              }
            }}
          >
            <label className="sr-only" htmlFor={`snooze-${c.id}`}>
              {t('actions.snoozeUntil')}
            </label>
            <input
              id={`snooze-${c.id}`}
              className="input"
              type="datetime-local"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
            />
            <button type="submit" className="btn" disabled={!custom}>
              {t('actions.snooze')}
            </button>
          </form>
        )}
      />
      <Menu
        label={t('actions.priority')}
        button={
          <span className={`badge badge-${c.priority}`}>{t(`common:priority.${c.priority}`)}</span>
        }
        items={PRIORITIES.map((priority) => ({
          key: priority,
          label: t(`common:priority.${priority}`),
          current: c.priority === priority,
          onSelect: () => void mutate('conversation.set-priority', { conversationId, priority }),
        }))}
      />
      <button type="button" className="btn btn-quiet" onClick={() => setAssigning(true)}>
        {t('actions.assignOrTransfer')}
      </button>
      <TagEditor
        tags={c.tags}
        onChange={(tags) => void mutate('conversation.set-tags', { conversationId, tags })}
      />
      {assigning && <AssignDialog conversation={c} onClose={() => setAssigning(false)} />}
    </div>
  );
}
