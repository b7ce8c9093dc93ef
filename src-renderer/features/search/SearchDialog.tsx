import { useEffect, useId, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { matchRanges, parseQuery } from '#shared/logic/search-text.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import { useDb } from '../../data/db-context.tsx';
import { readMeta } from '../../data/db.ts';
import { backlogPercent } from '../../data/search-backlog.ts';
import {
  searchConversations,
  searchCustomers,
  type ConversationHit,
  type CustomerHit,
} from '../../data/search.ts';
import { useAppStore } from '../../app/store.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { ChannelIcon, SearchIcon } from '../../ui/icons.tsx';
import { shortAgo } from '../../i18n/format.ts';
import { Trans, useTranslation } from '../../i18n/index.ts';
import { useMinuteClock } from '../inbox/index.ts';
import { Highlight } from './Highlight.tsx';
import './search.css';

interface Results {
  query: string;
  customers: CustomerHit[];
  conversations: ConversationHit[];
  partial: boolean;
}

type Item = { kind: 'customer'; hit: CustomerHit } | { kind: 'conversation'; hit: ConversationHit };

const EMPTY: Results = { query: '', customers: [], conversations: [], partial: false };
/** Long enough to skip the keystrokes of a word typed quickly, short enough to feel instant. */
const DEBOUNCE_MS = 60;

/** Runs both searches for the latest query; an answer to an older query is dropped. */
function useSearch(query: string): Results {
  const db = useDb();
  const [results, setResults] = useState<Results>(EMPTY);
  useEffect(() => {
    let current = true;
    const q = query.trim();
    const timer = setTimeout(
      () => {
        if (!q) return setResults(EMPTY);
        void Promise.all([searchCustomers(db, q), searchConversations(db, q)]).then(
          ([customers, found]) => {
            if (current)
              setResults({
                query: q,
                customers,
                conversations: found.hits,
                partial: found.partial,
              });
          },
        );
      },
      q ? DEBOUNCE_MS : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [db, query]);
  return results;
}

/** How far the search index of a fresh cache is built (0–99), or null when it covers everything. */
function useIndexingPercent(): number | null {
  const db = useDb();
  return (
    useLiveQuery(async () => backlogPercent(await readMeta(db, 'searchBacklog')), [db]) ?? null
  );
}

/**
 * Command-palette search over the local cache: customers and conversations, keyboard-first
 * (arrows, Enter, Esc). It reads only IndexedDB, so it answers the same offline.
 */
export function SearchDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(['search', 'common']);
  const ref = useRef<HTMLDialogElement>(null);
  const listId = useId();
  const [query, setQuery] = useState('');
  const results = useSearch(query);
  // The highlighted row belongs to one set of results: new results start again at the top.
  const [cursor, setCursor] = useState<{ results: Results; index: number }>({
    results: EMPTY,
    index: 0,
  });
  const active = cursor.results === results ? cursor.index : 0;
  const setActive = (next: (a: number) => number) => setCursor({ results, index: next(active) });
  const selectConversation = useAppStore((s) => s.selectConversation);
  const setScreen = useAppStore((s) => s.setScreen);
  const now = useMinuteClock();
  const indexing = useIndexingPercent();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);

  const items: Item[] = [
    ...results.customers.map((hit): Item => ({ kind: 'customer', hit })),
    ...results.conversations.map((hit): Item => ({ kind: 'conversation', hit })),
  ];
  const terms = parseQuery(results.query);
  const optionId = (i: number) => `${listId}-${i}`;

  useEffect(() => {
    document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  function open(item: Item | undefined) {
    if (!item) return;
    const id: ConversationId | null =
      item.kind === 'customer' ? item.hit.latestConversationId : item.hit.conversation.id;
    if (!id) return;
    setScreen('inbox');
    selectConversation(id);
    onClose();
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter') open(items[active]);
    else return;
    e.preventDefault();
  }

  const option = (item: Item, i: number) => {
    const common = {
      id: optionId(i),
      role: 'option',
      'aria-selected': i === active,
      className: 'search-option',
      onMouseMove: () => i !== active && setActive(() => i),
      onClick: () => open(item),
    } as const;
    if (item.kind === 'customer') {
      const { customer, latestConversationId } = item.hit;
      const contact = [customer.email, customer.phone].filter(Boolean).join(' · ');
      return (
        <li key={customer.id} {...common} aria-disabled={latestConversationId ? undefined : true}>
          <Avatar name={customer.name} seed={customer.id} size={24} />
          <span className="search-main">
            <span className="search-title">
              <span>
                <Highlight text={customer.name} ranges={matchRanges(customer.name, terms)} />
              </span>
            </span>
            <span className="search-sub">{contact || customer.company || t('noContact')}</span>
          </span>
          {!latestConversationId && <span className="search-meta">{t('noConversation')}</span>}
        </li>
      );
    }
    const { conversation, customer, message, excerpt } = item.hit;
    return (
      <li key={conversation.id} {...common}>
        <ChannelIcon channel={conversation.channel} />
        <span className="search-main">
          <span className="search-title">
            <span className="search-who">{customer?.name ?? t('common:unknownCustomer')}</span>
            <span className="search-subject">
              <Highlight
                text={conversation.subject}
                ranges={matchRanges(conversation.subject, terms)}
              />
            </span>
          </span>
          {message && (
            <span className="search-snippet">
              <Highlight {...excerpt} />
            </span>
          )}
        </span>
        <span className="search-meta">
          {shortAgo(message?.createdAt ?? conversation.lastMessageAt, now)}
        </span>
      </li>
    );
  };

  const hasQuery = query.trim().length > 0;
  const nothing = hasQuery && results.query === query.trim() && items.length === 0;
  return (
    <dialog
      ref={ref}
      className="search-dialog"
      aria-label={t('label')}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="search-field">
        <SearchIcon />
        <input
          autoFocus
          role="combobox"
          aria-label={t('input')}
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items.length ? optionId(active) : undefined}
          placeholder={t('placeholder')}
          value={query}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <kbd className="kbd">{t('common:key.esc')}</kbd>
      </div>
      <ul id={listId} role="listbox" aria-label={t('results')} className="search-results">
        {results.customers.length > 0 && (
          <li role="presentation" className="search-group">
            {t('customers')}
          </li>
        )}
        {items.map((item, i) =>
          item.kind === 'conversation' && i === results.customers.length
            ? [
                <li key="conversations" role="presentation" className="search-group">
                  {t('conversations')}
                </li>,
                option(item, i),
              ]
            : option(item, i),
        )}
      </ul>
      <div className="search-foot" aria-live="polite">
        {indexing !== null && (
          // Results come from what is indexed so far; say so, or a miss looks final.
          <span className="search-indexing">{t('indexing', { percent: indexing })}</span>
        )}
        {nothing
          ? t('nothing')
          : !hasQuery
            ? indexing !== null
              ? ''
              : t('idle')
            : results.partial
              ? t('partial')
              : ''}
        <span className="search-keys">
          <Trans t={t} i18nKey="keys" components={{ kbd: <kbd className="kbd" /> }} />
        </span>
      </div>
    </dialog>
  );
}
