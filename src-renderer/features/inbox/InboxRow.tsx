import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Agent } from '#shared/domain/user.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import { slaState } from '#shared/logic/sla.ts';
import { memo } from 'react';
import { ChannelIcon } from '../../ui/icons.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { shortAgo } from '../../ui/format.ts';
import { RowViewers } from './RowViewers.tsx';

/** Fixed, so the virtual list can place any row without measuring it. */
export const ROW_HEIGHT = 76;

interface InboxRowProps {
  conversation: Conversation;
  customer: Customer | undefined;
  assignee: Agent | undefined;
  readAt: number | undefined;
  selected: boolean;
  checked: boolean;
  now: number;
  position: number;
  setSize: number;
  onOpen: (id: ConversationId) => void;
  onToggle: (id: ConversationId) => void;
}

const SLA_LABEL = { ok: null, at_risk: 'SLA at risk', breached: 'SLA breached' } as const;

export const InboxRow = memo(function InboxRow({
  conversation: c,
  customer,
  assignee,
  readAt,
  selected,
  checked,
  now,
  position,
  setSize,
  onOpen,
  onToggle,
}: InboxRowProps) {
  const name = customer?.name ?? 'Unknown customer';
  const waiting = c.waitingSince !== null && c.status !== 'resolved';
  // Unread: the customer is waiting and this desktop has not shown the conversation since.
  const unread = waiting && (readAt ?? 0) < c.lastMessageAt;
  const sla = slaState(c, now);
  const slaLabel = sla ? SLA_LABEL[sla] : null;
  return (
    <button
      type="button"
      role="option"
      className="row"
      id={`row-${c.id}`}
      aria-selected={selected}
      aria-checked={checked}
      aria-posinset={position}
      aria-setsize={setSize}
      data-unread={unread}
      onClick={(e) => (e.metaKey || e.ctrlKey || e.shiftKey ? onToggle(c.id) : onOpen(c.id))}
    >
      <span
        className="row-icon"
        aria-hidden="true"
        onClick={(e) => {
          e.stopPropagation();
          onToggle(c.id);
        }}
        title="Select (x)"
      >
        <span className="row-check" data-checked={checked} />
        <span className="row-channel">
          <ChannelIcon channel={c.channel} />
        </span>
      </span>
      <span className="row-customer">
        {name}
        {unread && <span className="unread-dot" aria-label="Unread" role="img" />}
      </span>
      <span className="row-time" title="Last activity">
        {shortAgo(c.lastMessageAt, now)}
      </span>
      <span className="row-subject">{c.subject}</span>
      <span className="row-preview">{c.preview}</span>
      <span className="row-meta">
        <RowViewers conversationId={c.id} />
        {slaLabel && (
          <span className={`badge badge-sla-${sla}`} title={slaLabel}>
            {sla === 'breached' ? 'Breached' : 'At risk'}
          </span>
        )}
        {waiting && c.waitingSince !== null && (
          <span className="badge badge-waiting" title="Customer waiting for a reply">
            {shortAgo(c.waitingSince, now)}
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
  );
});

function statusLabel(status: string): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}
