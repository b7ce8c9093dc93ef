import { useState } from 'react';
import type { Message } from '#shared/domain/message.ts';
import type { ConversationId, CustomerId } from '#shared/logic/ids.ts';
import { clockTime, dayKey } from '#shared/logic/zoned-time.ts';
import type { TFunction } from 'i18next';
import { ChannelIcon } from '../../ui/icons.tsx';
import { dateFormat } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';
import { useTimeline, type TimelineEntry } from './queries.ts';

/** Each page adds this many entries; a long history loads as the agent asks for it. */
const PAGE = 100;
const SNIPPET = 140;

type T = TFunction<['customer', 'common']>;

function direction(m: Message, t: T): string {
  if (m.direction === 'note') return t('timeline.note');
  if (m.call)
    return m.call.kind === 'voicemail'
      ? t('timeline.voicemail')
      : m.call.direction === 'inbound'
        ? t('timeline.callIn')
        : t('timeline.callOut');
  return m.direction === 'inbound' ? t('timeline.in') : t('timeline.out');
}

function snippet(m: Message, t: T): string {
  const text = (m.call?.transcript ?? m.text).replace(/\s+/g, ' ').trim();
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET - 1)}…` : text || t('timeline.noText');
}

const dayTitle = (at: number) =>
  dateFormat({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(at);

/** Entries grouped by the agent's calendar day, newest day first. */
function byDay(entries: readonly TimelineEntry[], zone: string) {
  const days: { key: string; title: string; entries: TimelineEntry[] }[] = [];
  for (const e of entries) {
    const key = dayKey(e.message.createdAt, zone);
    const last = days[days.length - 1];
    if (last?.key === key) last.entries.push(e);
    else
      days.push({
        key,
        title: dayTitle(e.message.createdAt),
        entries: [e],
      });
  }
  return days;
}

/**
 * Every message with this customer across every channel and conversation, newest first, a page
 * at a time. Clicking an entry opens its conversation.
 */
export function CustomerTimeline({
  customerId,
  customerName,
  currentId,
  agentZone,
  onBack,
  onOpen,
}: {
  customerId: CustomerId;
  customerName: string;
  currentId: ConversationId;
  agentZone: string;
  onBack: () => void;
  onOpen: (id: ConversationId) => void;
}) {
  const { t } = useTranslation(['customer', 'common']);
  const [limit, setLimit] = useState(PAGE);
  const data = useTimeline(customerId, limit);
  return (
    <div
      className="cp-timeline"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onBack();
        }
      }}
    >
      <header className="cp-head">
        <button
          type="button"
          className="cp-icon-btn"
          aria-label={t('timeline.back')}
          onClick={onBack}
        >
          ←
        </button>
        <div className="cp-who">
          <h3 className="cp-name">{t('timeline.title')}</h3>
          <div className="cp-company">
            {customerName}
            {data && (
              <>
                {' · '}
                {t('timeline.summary', {
                  messages: t('timeline.messages', { count: data.total }),
                  conversations: t('timeline.conversations', { count: data.conversations }),
                })}
              </>
            )}
          </div>
        </div>
      </header>
      <div
        className="cp-body"
        role="feed"
        aria-label={t('timeline.feed', { name: customerName })}
        aria-busy={!data}
      >
        {data?.entries.length === 0 && <p className="cp-empty">{t('timeline.empty')}</p>}
        {data &&
          byDay(data.entries, agentZone).map((day) => (
            <section key={day.key} className="tl-day" aria-label={day.title}>
              <h4 className="tl-day-title">{day.title}</h4>
              <ol className="tl-list">
                {day.entries.map(({ message: m, conversation: c }) => (
                  <li key={m.id}>
                    <button
                      type="button"
                      className="tl-entry"
                      data-direction={m.direction}
                      data-current={m.conversationId === currentId || undefined}
                      aria-label={t('timeline.entry', {
                        direction: direction(m, t),
                        channel: t(`common:channel.${m.channel}`),
                        subject: c?.subject ?? t('timeline.untitled'),
                        time: clockTime(m.createdAt, agentZone),
                      })}
                      onClick={() => onOpen(m.conversationId)}
                    >
                      <span className="tl-icon">
                        <ChannelIcon channel={m.channel} size={13} />
                      </span>
                      <span className="tl-main">
                        <span className="tl-line">
                          <span className="tl-dir">{direction(m, t)}</span>
                          <span className="tl-subject">{c?.subject ?? t('timeline.untitled')}</span>
                          <time className="tl-time" dateTime={new Date(m.createdAt).toISOString()}>
                            {clockTime(m.createdAt, agentZone)}
                          </time>
                        </span>
                        <span className="tl-text">{snippet(m, t)}</span>
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </section>
          ))}
        {data && data.total > data.entries.length && (
          <button
            type="button"
            className="btn btn-ghost show-earlier"
            onClick={() => setLimit((n) => n + PAGE)}
          >
            {t('timeline.showOlder', { count: data.total - data.entries.length })}
          </button>
        )}
      </div>
    </div>
  );
}
