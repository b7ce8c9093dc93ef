import { memo } from 'react';
import type { Message } from '#shared/domain/message.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import type { TFunction } from 'i18next';
import { ChannelIcon, PaperclipIcon, VoicemailIcon } from '../../ui/icons.tsx';
import { duration, fileSize, fullTime } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';
import { EmailFrame } from './EmailFrame.tsx';

function kindLabel(m: Message, t: TFunction<['conversation', 'common']>): string {
  if (m.direction === 'note') return t('message.note');
  if (m.call)
    return m.call.kind === 'voicemail'
      ? t('message.voicemail')
      : m.call.direction === 'inbound'
        ? t('message.inboundCall')
        : t('message.outboundCall');
  const channel = t(`common:channel.${m.channel}`);
  return m.direction === 'inbound'
    ? t('message.via', { channel })
    : t('message.repliedVia', { channel });
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
    const { t } = useTranslation(['conversation', 'common']);
    const kind = kindLabel(m, t);
    return (
      <article
        className="msg"
        data-direction={m.direction}
        aria-label={t('message.label', { author: m.authorName, kind })}
      >
        <Avatar name={m.authorName} seed={m.authorId ?? m.customerId} />
        <div className="msg-card">
          <header className="msg-head">
            <span className="msg-author">{m.authorName}</span>
            <span className="msg-kind">{kind}</span>
            <time className="msg-time" dateTime={new Date(m.createdAt).toISOString()}>
              {fullTime(m.createdAt)}
            </time>
            {unconfirmed === 'pending' && (
              <span className="badge badge-unsent" title={t('common:savedLocally')}>
                {t('message.pending')}
              </span>
            )}
            {unconfirmed === 'rejected' && (
              <span className="badge badge-urgent">{t('message.notSent')}</span>
            )}
          </header>
          {m.call ? (
            <div className="call">
              <div className="call-line">
                {m.call.kind === 'voicemail' ? <VoicemailIcon /> : <ChannelIcon channel="phone" />}
                <span>
                  {m.call.kind === 'voicemail'
                    ? t('message.voicemailLength', { duration: duration(m.call.durationSec) })
                    : t('message.call', { duration: duration(m.call.durationSec) })}
                </span>
              </div>
              {m.call.transcript && <div className="call-transcript">{m.call.transcript}</div>}
            </div>
          ) : m.html ? (
            <EmailFrame html={m.html} title={t('message.emailFrom', { name: m.authorName })} />
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
