import { useEffect, useState } from 'react';
import { InboxDataProvider, InboxList, isTypingTarget } from '../features/inbox/index.ts';
import { ConversationPane } from '../features/conversation/index.ts';
import { ConnectionBanner, SyncIndicator } from '../features/connection/index.ts';
import { OutboxIndicator, RejectedNotices } from '../features/outbox/index.ts';
import { AdminScreen } from '../features/admin/index.ts';
import { NotificationWatcher } from '../features/notifications/index.ts';
import { SearchDialog } from '../features/search/index.ts';
import { SearchIcon } from '../ui/icons.tsx';
import { ShortcutSheet } from './ShortcutSheet.tsx';
import { Sidebar } from './Sidebar.tsx';
import { useAppStore } from './store.ts';
import { Trans, useTranslation } from '../i18n/index.ts';

/** `?` opens the shortcut sheet, `/` the search; `g` then `i` (within a second) goes to the inbox. */
function useGlobalKeys(setSheet: (open: boolean) => void, setSearch: (open: boolean) => void) {
  const setView = useAppStore((s) => s.setView);
  useEffect(() => {
    let pendingG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setSheet(true);
      } else if (e.key === '/') {
        e.preventDefault();
        setSearch(true);
      } else if (e.key === 'g') {
        pendingG = Date.now();
      } else if (e.key === 'i' && Date.now() - pendingG < 1_000) {
        pendingG = 0;
        setView('all');
        document.querySelector<HTMLElement>('.inbox .list')?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setSheet, setSearch, setView]);
}

export function Workspace({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation('app');
  const selectedId = useAppStore((s) => s.selectedConversationId);
  const screen = useAppStore((s) => s.screen);
  const userId = useAppStore((s) => s.session?.user.id);
  const [sheet, setSheet] = useState(false);
  const [search, setSearch] = useState(false);
  useGlobalKeys(setSheet, setSearch);
  // Mounted on every screen so a notification arriving during admin work still shows.
  const watcher = userId ? <NotificationWatcher userId={userId} /> : null;
  if (screen === 'admin') {
    return (
      <InboxDataProvider>
        <div className="workspace">
          {watcher}
          <ConnectionBanner />
          <Sidebar onSignOut={onSignOut} />
          <AdminScreen />
          <RejectedNotices />
        </div>
      </InboxDataProvider>
    );
  }
  return (
    <InboxDataProvider>
      <div className="workspace">
        {watcher}
        <ConnectionBanner />
        <Sidebar onSignOut={onSignOut} />
        <InboxList
          toolbar={
            <>
              <button
                type="button"
                className="btn-quiet search-button"
                aria-label={t('search')}
                title={t('searchTitle')}
                aria-keyshortcuts="/"
                onClick={() => setSearch(true)}
              >
                <SearchIcon />
              </button>
              <OutboxIndicator />
              <SyncIndicator />
            </>
          }
        />
        <main className="conversation-slot" style={{ display: 'contents' }}>
          {selectedId ? (
            <ConversationPane key={selectedId} id={selectedId} />
          ) : (
            <section className="conversation">
              <div className="placeholder">
                <div>
                  <p>{t('noConversation.title')}</p>
                  <p className="pane-sub">
                    <Trans
                      t={t}
                      i18nKey="noConversation.hint"
                      components={{ kbd: <span className="kbd" /> }}
                    />
                  </p>
                </div>
              </div>
            </section>
          )}
        </main>
        <RejectedNotices />
        {sheet && <ShortcutSheet onClose={() => setSheet(false)} />}
        {search && <SearchDialog onClose={() => setSearch(false)} />}
      </div>
    </InboxDataProvider>
  );
}
