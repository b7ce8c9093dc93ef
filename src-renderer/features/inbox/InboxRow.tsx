import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Agent } from '#shared/domain/user.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import { slaState } from '#shared/logic/sla.ts';
import { memo } from 'react';
import { ChannelIcon } from '../../ui/icons.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { shortAgo } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';
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
  const { t } = useTranslation(['inbox', 'common']);
  const name = customer?.name ?? t('common:unknownCustomer');
  const waiting = c.waitingSince !== null && c.status !== 'resolved';
  // Unread: the customer is waiting and this desktop has not shown the conversation since.
  const unread = waiting && (readAt ?? 0) < c.lastMessageAt;
  const sla = slaState(c, now);
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
        title={t('row.select')}
      >
        <span className="row-check" data-checked={checked} />
        <span className="row-channel">
          <ChannelIcon channel={c.channel} />
        </span>
      </span>
      <span className="row-customer">
        {name}
        {unread && <span className="unread-dot" aria-label={t('row.unread')} role="img" />}
      </span>
      <span className="row-time" title={t('row.lastActivity')}>
        {shortAgo(c.lastMessageAt, now)}
      </span>
      <span className="row-subject">{c.subject}</span>
      <span className="row-preview">{c.preview}</span>
      <span className="row-meta">
        <RowViewers conversationId={c.id} />
        {(sla === 'breached' || sla === 'at_risk') && (
          <span
            className={`badge badge-sla-${sla}`}
            title={sla === 'breached' ? t('row.slaBreached') : t('row.slaAtRisk')}
          >
            {sla === 'breached' ? t('row.breached') : t('row.atRisk')}
          </span>
        )}
        {waiting && c.waitingSince !== null && (
          <span className="badge badge-waiting" title={t('row.waiting')}>
            {shortAgo(c.waitingSince, now)}
          </span>
        )}
        {(c.priority === 'urgent' || c.priority === 'high') && (
          <span className={`badge badge-${c.priority}`}>{t(`common:priority.${c.priority}`)}</span>
        )}
        {c.status !== 'open' && (
          <span className={`badge badge-${c.status}`}>{t(`common:status.${c.status}`)}</span>
        )}
        {assignee && <Avatar name={assignee.name} seed={assignee.id} size={18} />}
      </span>
    </button>
  );
});
