import type { ConversationId } from '#shared/logic/ids.ts';
import { ChannelIcon } from '../../ui/icons.tsx';
import { useEffect, useRef, useState } from 'react';
import { MessageItem } from './MessageItem.tsx';
import { Composer } from './Composer.tsx';
import { ConversationActions } from './ConversationActions.tsx';
import { fullTime } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';
import { Viewers } from './Viewers.tsx';
import { useAppStore } from '../../app/store.ts';
import { useLive } from '../../data/live-context.tsx';
import { useDb } from '../../data/db-context.tsx';
import { markRead } from '../../data/reads.ts';
import { useConversation } from './queries.ts';
import { useUnconfirmedMessages } from '../outbox/index.ts';
import { CustomerPanel, PromiseDialog } from '../customer/index.ts';
import { isTypingTarget } from '../inbox/index.ts';

/** Wide enough to keep the thread readable with the customer panel docked beside it. */
const DOCK_QUERY = '(min-width: 1280px)';

function useMatchMedia(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const onChange = () => setMatches(mq.matches);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

/**
 * The customer panel: docked beside the thread on wide windows (its open state remembered), an
 * overlay on narrow ones that starts closed so the thread keeps the room. `c` promises a callback.
 */
function useCustomerPanel() {
  const docked = useMatchMedia(DOCK_QUERY);
  const dockedOpen = useAppStore((s) => s.customerPanel);
  const setDockedOpen = useAppStore((s) => s.setCustomerPanel);
  const [overlayOpen, setOverlayOpen] = useState(false);
  const open = docked ? dockedOpen : overlayOpen;
  const setOpen = docked ? setDockedOpen : setOverlayOpen;
  return { docked, open, setOpen };
}

/** Long threads render their latest messages; older ones load on request. */
const THREAD_PAGE = 150;

export function ConversationPane({ id }: { id: ConversationId }) {
  const { t } = useTranslation(['conversation', 'common']);
  const [limit, setLimit] = useState(THREAD_PAGE);
  const meId = useAppStore((s) => s.session?.user.id ?? '');
  const data = useConversation(id, limit);
  const unconfirmed = useUnconfirmedMessages();
  const threadRef = useRef<HTMLDivElement>(null);
  const count = data?.messages.length ?? 0;
  const live = useLive();
  const customerId = data?.conversation.customerId;
  const db = useDb();
  const lastMessageAt = data?.conversation.lastMessageAt;
  const panel = useCustomerPanel();
  const [promising, setPromising] = useState(false);
  const loaded = Boolean(data);
  useEffect(() => {
    // `c` promises a callback to this conversation's customer (the inbox list leaves it alone).
    if (!loaded) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'c' || e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      setPromising(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [loaded]);
  useEffect(() => {
    // Whatever arrives while the conversation is on screen has been seen.
    if (lastMessageAt !== undefined) void markRead(db, id);
  }, [db, id, lastMessageAt]);
  useEffect(() => {
    // The bootstrap holds recent months; opening a customer brings the rest of their history.
    if (customerId) void live.history(customerId);
  }, [live, customerId]);
  useEffect(() => {
    // Follow the conversation as it grows, like any chat; opening one starts at the latest message.
    const el = threadRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [count]);
  if (data === undefined) return <section className="conversation" aria-busy="true" />;
  if (data === null) {
    return (
      <section className="conversation">
        <div className="placeholder">{t('notCached')}</div>
      </section>
    );
  }
  const { conversation: c, customer, team, assignee, messages, earlier, original, handoff } = data;
  return (
    <section
      className="conversation"
      data-layout="split"
      aria-label={t('label', { subject: c.subject })}
    >
      <div className="conv-main">
        <header className="conv-head">
          <div className="conv-title">
            <h2>{c.subject}</h2>
            <button
              type="button"
              className="btn-quiet"
              aria-pressed={panel.open}
              aria-controls="customer-panel"
              onClick={() => panel.setOpen(!panel.open)}
            >
              {t('customerToggle')}
            </button>
          </div>
          <div className="conv-facts">
            <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
              <ChannelIcon channel={c.channel} size={14} />
              {t(`common:channel.${c.channel}`)}
            </span>
            <span>{customer?.name ?? t('common:unknownCustomer')}</span>
            {customer?.email && <span>{customer.email}</span>}
            {team && <span>{team.name}</span>}
            <span>{assignee ? t('assignedTo', { name: assignee.name }) : t('unassigned')}</span>
            <Viewers conversationId={c.id} meId={meId} />
          </div>
          <ConversationActions conversation={c} />
        </header>
        <div className="thread" tabIndex={0} aria-label={t('thread')} ref={threadRef}>
          {original && (
            <aside className="pinned" aria-label={t('originalQuestion')}>
              <div className="pinned-label">{t('originalQuestion')}</div>
              <div className="pinned-text">{original.call?.transcript ?? original.text}</div>
            </aside>
          )}
          {handoff && (
            <aside className="pinned pinned-handoff" aria-label={t('handoffNote')}>
              <div className="pinned-label">
                {t('handoffFrom', { name: handoff.authorName, time: fullTime(handoff.createdAt) })}
              </div>
              <div className="pinned-text">{handoff.text}</div>
            </aside>
          )}
          {earlier > 0 && (
            <button
              type="button"
              className="btn btn-ghost show-earlier"
              onClick={() => setLimit((n) => n + THREAD_PAGE)}
            >
              {t('showEarlier', { shown: Math.min(earlier, THREAD_PAGE), count: earlier })}
            </button>
          )}
          {messages.map((m) => (
            <MessageItem key={m.id} message={m} unconfirmed={unconfirmed.get(m.id)} />
          ))}
        </div>
        <Composer conversation={c} customerName={customer?.name ?? t('common:theCustomer')} />
      </div>
      {panel.open && (
        <div
          id="customer-panel"
          className="customer-slot"
          data-mode={panel.docked ? 'docked' : 'overlay'}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !panel.docked && !isTypingTarget(e.target))
              panel.setOpen(false);
          }}
        >
          <CustomerPanel
            conversation={c}
            onPromise={() => setPromising(true)}
            onClose={() => panel.setOpen(false)}
          />
        </div>
      )}
      {promising && (
        <PromiseDialog conversation={c} customer={customer} onClose={() => setPromising(false)} />
      )}
    </section>
  );
}
