import { memo } from 'react';
import type { Message } from '#shared/domain/message.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { CHANNEL_LABEL, ChannelIcon, PaperclipIcon, VoicemailIcon } from '../../ui/icons.tsx';
import { duration, fileSize, fullTime } from '../../ui/format.ts';
import { EmailFrame } from './EmailFrame.tsx';

function kindLabel(m: Message): string {
  if (m.direction === 'note') return 'Internal note';
  if (m.call)
    return m.call.kind === 'voicemail'
      ? 'Voicemail'
      : `${m.call.direction === 'inbound' ? 'Inbound' : 'Outbound'} call`;
  return m.direction === 'inbound'
    ? `via ${CHANNEL_LABEL[m.channel]}`
    : `replied via ${CHANNEL_LABEL[m.channel]}`;
}

/**
 * Text renders through React's escaping. Email HTML is never injected into this document: it
 * renders sanitized inside a sandboxed frame (EmailFrame).
 */
export const MessageItem = memo(
  function MessageItem({
    message: m,
    unconfirmed,
  }: {
    message: Message;
    /** Set while the hub has not confirmed this message: still in this desktop's outbox. */
    unconfirmed?: 'pending' | 'rejected' | undefined;
  }) {
    return (
      <article
        className="msg"
        data-direction={m.direction}
        aria-label={`${m.authorName}, ${kindLabel(m)}`}
      >
        <Avatar name={m.authorName} seed={m.authorId ?? m.customerId} />
        <div className="msg-card">
          <header className="msg-head">
            <span className="msg-author">{m.authorName}</span>
            <span className="msg-kind">{kindLabel(m)}</span>
            <time className="msg-time" dateTime={new Date(m.createdAt).toISOString()}>
              {fullTime(m.createdAt)}
            </time>
            {unconfirmed === 'pending' && (
              <span
                className="badge badge-unsent"
                title="Saved on this computer; sent when the hub confirms"
              >
                Pending
              </span>
            )}
            {unconfirmed === 'rejected' && <span className="badge badge-urgent">Not sent</span>}
          </header>
          {m.call ? (
            <div className="call">
              <div className="call-line">
                {m.call.kind === 'voicemail' ? <VoicemailIcon /> : <ChannelIcon channel="phone" />}
                <span>
                  {m.call.kind === 'voicemail' ? 'Voicemail' : 'Call'} ·{' '}
                  {duration(m.call.durationSec)}
                </span>
              </div>
              {m.call.transcript && <div className="call-transcript">{m.call.transcript}</div>}
            </div>
          ) : m.html ? (
            <EmailFrame html={m.html} title={`Email from ${m.authorName}`} />
          ) : (
            <div className="msg-body">{m.text}</div>
          )}
          {m.attachments.length > 0 && (
            <div className="attachments">
              {m.attachments.map((a) => (
                <span key={a.id} className="attachment" title={a.name}>
                  <PaperclipIcon size={14} />
                  <span className="attachment-name">{a.name}</span>
                  <span className="attachment-size">{fileSize(a.size)}</span>
                </span>
              ))}
            </div>
          )}
        </div>
      </article>
    );
  },
  // Live queries hand out fresh objects on every change; a message only re-renders when what it
  // shows can have changed.
  (a, b) =>
    a.unconfirmed === b.unconfirmed &&
    a.message.id === b.message.id &&
    a.message.deliveryStatus === b.message.deliveryStatus &&
    a.message.text === b.message.text,
);
