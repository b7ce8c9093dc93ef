import { InboxList } from '../features/inbox/index.ts';
import { ConversationPane } from '../features/conversation/index.ts';
import { ConnectionBanner, SyncIndicator } from '../features/connection/index.ts';
import { useConversationCount } from '../features/inbox/index.ts';
import { OutboxIndicator, RejectedNotices } from '../features/outbox/index.ts';
import { Sidebar } from './Sidebar.tsx';
import { useAppStore } from './store.ts';

export function Workspace({ onSignOut }: { onSignOut: () => void }) {
  const selectedId = useAppStore((s) => s.selectedConversationId);
  const select = useAppStore((s) => s.selectConversation);
  const count = useConversationCount();
  return (
    <div className="workspace">
      <ConnectionBanner />
      <Sidebar onSignOut={onSignOut} />
      <InboxList
        selectedId={selectedId}
        onSelect={select}
        header={
          <header className="pane-head">
            <h2>Inbox</h2>
            <span className="pane-sub">{count ?? ''}</span>
            <OutboxIndicator />
            <SyncIndicator />
          </header>
        }
      />
      <main className="conversation-slot" style={{ display: 'contents' }}>
        {selectedId ? (
          <ConversationPane key={selectedId} id={selectedId} />
        ) : (
          <section className="conversation">
            <div className="placeholder">
              <div>
                <p>Select a conversation</p>
                <p className="pane-sub">
                  <span className="kbd">j</span> / <span className="kbd">k</span> to move through
                  the inbox
                </p>
              </div>
            </div>
          </section>
        )}
      </main>
      <RejectedNotices />
    </div>
  );
}
