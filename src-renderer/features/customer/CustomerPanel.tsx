import { useEffect, useState, type ReactNode } from 'react';
import type { Conversation } from '#shared/domain/conversation.ts';
import { preferencesOf } from '#shared/domain/customer.ts';
import { clockTime } from '#shared/logic/zoned-time.ts';
import { useAppStore } from '../../app/store.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { ChannelIcon } from '../../ui/icons.tsx';
import { Identities } from './Identities.tsx';
import { NotesEditor } from './NotesEditor.tsx';
import { PreferencesEditor } from './PreferencesEditor.tsx';
import { Promises } from './Promises.tsx';
import { Surveys } from './Surveys.tsx';
import { CustomerTimeline } from './CustomerTimeline.tsx';
import { useCustomer360 } from './queries.ts';
import { dayAndTime, knownZone, myZone, relativeOffset } from './zones.ts';
import { useTranslation } from '../../i18n/index.ts';

/** The clock, ticking on the minute boundary so "local time" never lags a minute behind. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let t: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      t = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    };
    t = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    return () => clearTimeout(t);
  }, []);
  return now;
}

function Section({
  id: name,
  action,
  children,
}: {
  id: SectionId;
  action?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation('customer');
  const id = `cp-${name}`;
  const title = t(`section.${name}`);
  return (
    <section className="cp-section" aria-labelledby={id}>
      <div className="cp-section-head">
        <h4 id={id}>{title}</h4>
        {action}
      </div>
      {children}
    </section>
  );
}

type SectionId = 'contact' | 'notes' | 'preferences' | 'promises' | 'satisfaction' | 'lastTime';

/**
 * Customer 360: who this is, their clock, how to reach them, what to remember, what we promised,
 * how they rated us, and how it went last time. Every customer-supplied string is React text.
 */
export function CustomerPanel({
  conversation,
  onPromise,
  onClose,
}: {
  conversation: Conversation;
  onPromise: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation(['customer', 'common']);
  const data = useCustomer360(conversation);
  const me = useAppStore((s) => s.session?.user);
  const select = useAppStore((s) => s.selectConversation);
  const mutate = useMutate();
  const now = useMinute();
  const [view, setView] = useState<'summary' | 'timeline'>('summary');
  const agentZone = myZone();
  if (!data || !me)
    return <aside className="customer-panel" aria-label={t('label')} aria-busy="true" />;
  const { customer, identities, promises, surveys, agents, previous, conversations } = data;
  const zone = knownZone(customer?.timezone);
  const customerId = conversation.customerId;

  if (view === 'timeline') {
    return (
      <aside className="customer-panel" aria-label={t('label')}>
        <CustomerTimeline
          customerId={customerId}
          customerName={customer?.name ?? t('fallbackName')}
          currentId={conversation.id}
          agentZone={agentZone}
          onBack={() => setView('summary')}
          onOpen={(id) => select(id)}
        />
      </aside>
    );
  }

  return (
    <aside className="customer-panel" aria-label={t('label')}>
      <header className="cp-head">
        <Avatar name={customer?.name ?? '?'} seed={customerId} size={32} />
        <div className="cp-who">
          <h3 className="cp-name">{customer?.name ?? t('common:unknownCustomer')}</h3>
          {customer?.company && <div className="cp-company">{customer.company}</div>}
        </div>
        <button type="button" className="cp-icon-btn" aria-label={t('hide')} onClick={onClose}>
          ×
        </button>
      </header>
      <div className="cp-clock" aria-label={t('localTime')}>
        {zone ? (
          <>
            <span className="cp-clock-time">{clockTime(now, zone)}</span>
            <span className="cp-clock-zone">{zone}</span>
            <span className="cp-clock-rel">— {relativeOffset(now, zone, agentZone)}</span>
          </>
        ) : (
          <span className="cp-clock-zone">{t('zoneUnknown')}</span>
        )}
      </div>
      <div className="cp-body">
        <Section id="contact">
          <Identities customer={customer} identities={identities} />
        </Section>
        {customer && (
          <>
            <Section id="notes">
              <NotesEditor
                notes={customer.notes}
                onSave={(notes) => mutate('customer.edit', { customerId, notes })}
              />
            </Section>
            <Section id="preferences">
              <PreferencesEditor
                preferences={preferencesOf(customer)}
                onSave={(preferences) => mutate('customer.edit', { customerId, preferences })}
              />
            </Section>
          </>
        )}
        <Section
          id="promises"
          action={
            <button type="button" className="cp-link" onClick={onPromise} aria-keyshortcuts="c">
              {t('promiseCallback')} <kbd className="kbd">c</kbd>
            </button>
          }
        >
          <Promises
            promises={promises}
            agents={agents}
            me={me}
            customerZone={zone}
            agentZone={agentZone}
            now={now}
          />
        </Section>
        <Section id="satisfaction">
          <Surveys responses={surveys} />
        </Section>
        <Section id="lastTime">
          {previous ? (
            <button
              type="button"
              className="cp-last"
              aria-label={t('openPrevious', { subject: previous.conversation.subject })}
              onClick={() => select(previous.conversation.id)}
            >
              <span className="cp-last-subject">
                <ChannelIcon channel={previous.conversation.channel} size={13} />
                <span>{previous.conversation.subject}</span>
              </span>
              <span className="cp-last-meta">
                <span className={`badge badge-${previous.conversation.status}`}>
                  {t(`common:status.${previous.conversation.status}`)}
                </span>
                <span>{previous.handler ? previous.handler.name : t('nobodyReplied')}</span>
                <span className="cp-last-date">
                  {dayAndTime(previous.conversation.lastMessageAt, agentZone)}
                </span>
              </span>
            </button>
          ) : (
            <p className="cp-empty">{t('firstConversation')}</p>
          )}
        </Section>
        <button type="button" className="btn cp-timeline-btn" onClick={() => setView('timeline')}>
          {t('fullTimeline', { count: conversations.length })}
        </button>
      </div>
    </aside>
  );
}
