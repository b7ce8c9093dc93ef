import type { ConversationId } from '#shared/logic/ids.ts';
import { memo } from 'react';
import { ChannelIcon } from '../../ui/icons.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { shortAgo } from '../../ui/format.ts';
import type { InboxRowData } from './queries.ts';

interface InboxRowProps {
  row: InboxRowData;
  selected: boolean;
  now: number;
  onOpen: (id: ConversationId) => void;
}

export const InboxRow = memo(
  function InboxRow({ row, selected, now, onOpen }: InboxRowProps) {
    const { conversation: c, customer, assignee } = row;
    const name = customer?.name ?? 'Unknown customer';
    const waiting = c.waitingSince !== null && c.status !== 'resolved';
    return (
      <li role="presentation">
        <button
          type="button"
          role="option"
          className="row"
          id={`row-${c.id}`}
          aria-selected={selected}
          data-waiting={waiting}
          onClick={() => onOpen(c.id)}
        >
          <span className="row-icon">
            <ChannelIcon channel={c.channel} />
          </span>
          <span className="row-customer">{name}</span>
          <span className="row-time" title="Last activity">
            {shortAgo(c.lastMessageAt, now)}
          </span>
          <span className="row-subject">{c.subject}</span>
          <span className="row-preview">{c.preview}</span>
          <span className="row-meta">
            {waiting && c.waitingSince !== null && (
              <span className="badge badge-waiting" title="Customer waiting for a reply">
                Waiting {shortAgo(c.waitingSince, now)}
              </span>
            )}
            {(c.priority === 'urgent' || c.priority === 'high') && (
              <span className={`badge badge-${c.priority}`}>
                {c.priority === 'urgent' ? 'Urgent' : 'High'}
              </span>
            )}
            {c.status !== 'open' && (
              <span className={`badge badge-${c.status}`}>{statusLabel(c.status)}</span>
            )}
            {assignee && <Avatar name={assignee.name} seed={assignee.id} size={18} />}
          </span>
        </button>
      </li>
    );
  },
  // Rows come from a live query as fresh objects; `version` changes whenever the hub changes the
  // conversation, and the optimistic patches move its visible fields too.
  (a, b) =>
    a.selected === b.selected &&
    a.now === b.now &&
    a.onOpen === b.onOpen &&
    a.row.conversation.id === b.row.conversation.id &&
    a.row.conversation.version === b.row.conversation.version &&
    a.row.conversation.preview === b.row.conversation.preview &&
    a.row.conversation.status === b.row.conversation.status &&
    a.row.conversation.priority === b.row.conversation.priority &&
    a.row.conversation.assigneeId === b.row.conversation.assigneeId &&
    a.row.conversation.waitingSince === b.row.conversation.waitingSince &&
    a.row.conversation.lastMessageAt === b.row.conversation.lastMessageAt &&
    a.row.customer?.name === b.row.customer?.name &&
    a.row.assignee?.id === b.row.assignee?.id,
);

function statusLabel(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
