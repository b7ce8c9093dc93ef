import { useState } from 'react';
import type { Conversation, Priority } from '#shared/domain/conversation.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { Menu } from '../../ui/Menu.tsx';
import { AssignDialog } from './AssignDialog.tsx';
import { SNOOZE_PRESETS } from './snooze-presets.ts';
import { TagEditor } from './TagEditor.tsx';

const PRIORITIES: Priority[] = ['urgent', 'high', 'normal', 'low'];
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const untilLabel = (ms: number) =>
  new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

/** Status (with snooze), priority, assignment or transfer with a handoff note, and tags. */
export function ConversationActions({ conversation: c }: { conversation: Conversation }) {
  const mutate = useMutate();
  const [assigning, setAssigning] = useState(false);
  const [custom, setCustom] = useState('');
  const conversationId = c.id;
  const setStatus = (status: 'open' | 'pending' | 'resolved') =>
    void mutate('conversation.set-status', { conversationId, status });
  const snooze = (until: number) => void mutate('conversation.snooze', { conversationId, until });

  return (
    <div className="conv-actions" role="toolbar" aria-label="Conversation actions">
      <Menu
        label="Status"
        button={
          <span className={`badge badge-${c.status}`}>
            {c.status === 'snoozed' && c.snoozedUntil
              ? `Snoozed until ${untilLabel(c.snoozedUntil)}`
              : capitalize(c.status)}
          </span>
        }
        items={[
          ...(['open', 'pending', 'resolved'] as const).map((s) => ({
            key: s,
            label: capitalize(s),
            current: c.status === s,
            onSelect: () => setStatus(s),
          })),
          ...SNOOZE_PRESETS.map((p) => ({
            key: `snooze-${p.key}`,
            label: `Snooze · ${p.label}`,
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
              Snooze until
            </label>
            <input
              id={`snooze-${c.id}`}
              className="input"
              type="datetime-local"
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
            />
            <button type="submit" className="btn" disabled={!custom}>
              Snooze
            </button>
          </form>
        )}
      />
      <Menu
        label="Priority"
        button={<span className={`badge badge-${c.priority}`}>{capitalize(c.priority)}</span>}
        items={PRIORITIES.map((priority) => ({
          key: priority,
          label: capitalize(priority),
          current: c.priority === priority,
          onSelect: () => void mutate('conversation.set-priority', { conversationId, priority }),
        }))}
      />
      <button type="button" className="btn btn-quiet" onClick={() => setAssigning(true)}>
        Assign or transfer…
      </button>
      <TagEditor
        tags={c.tags}
        onChange={(tags) => void mutate('conversation.set-tags', { conversationId, tags })}
      />
      {assigning && <AssignDialog conversation={c} onClose={() => setAssigning(false)} />}
    </div>
  );
}
