import type { ConversationId } from '#shared/logic/ids.ts';
import { ChannelIcon, CHANNEL_LABEL } from '../../ui/icons.tsx';
import { MessageItem } from './MessageItem.tsx';
import { useConversation } from './queries.ts';

export function ConversationPane({ id }: { id: ConversationId }) {
  const data = useConversation(id);
  if (data === undefined) return <section className="conversation" aria-busy="true" />;
  if (data === null) {
    return (
      <section className="conversation">
        <div className="placeholder">This conversation is not in your cache.</div>
      </section>
    );
  }
  const { conversation: c, customer, team, assignee, messages } = data;
  const original = messages.find((m) => m.id === c.firstMessageId);
  return (
    <section className="conversation" aria-label={`Conversation: ${c.subject}`}>
      <header className="conv-head">
        <h2>{c.subject}</h2>
        <div className="conv-facts">
          <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
            <ChannelIcon channel={c.channel} size={14} />
            {CHANNEL_LABEL[c.channel]}
          </span>
          <span>{customer?.name ?? 'Unknown customer'}</span>
          {customer?.email && <span>{customer.email}</span>}
          <span className={`badge badge-${c.status}`}>{capitalize(c.status)}</span>
          {c.priority !== 'normal' && (
            <span className={`badge badge-${c.priority}`}>{capitalize(c.priority)}</span>
          )}
          {team && <span>{team.name}</span>}
          <span>{assignee ? `Assigned to ${assignee.name}` : 'Unassigned'}</span>
        </div>
      </header>
      <div className="thread" tabIndex={0} aria-label="Messages">
        {original && (
          <aside className="pinned" aria-label="Original question">
            <div className="pinned-label">Original question</div>
            <div className="pinned-text">{original.call?.transcript ?? original.text}</div>
          </aside>
        )}
        {messages.map((m) => (
          <MessageItem key={m.id} message={m} />
        ))}
      </div>
    </section>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
