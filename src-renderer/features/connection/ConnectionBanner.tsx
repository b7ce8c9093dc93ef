import { useAppStore } from '../../app/store.ts';
import { fullTime } from '../../ui/format.ts';

/** Says plainly when the agent is looking at cached data, and how old it is. */
export function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection);
  const lastSyncAt = useAppStore((s) => s.lastSyncAt);
  if (connection === 'online' || connection === 'connecting') return null;
  return (
    <div className="banner" role="status">
      <span className="banner-dot" />
      <span>
        Offline — showing cached conversations.
        {lastSyncAt ? ` Last synced ${fullTime(lastSyncAt)}.` : ''} Reconnecting automatically.
      </span>
    </div>
  );
}

export function SyncIndicator() {
  const connection = useAppStore((s) => s.connection);
  const label = {
    online: 'Live',
    connecting: 'Connecting…',
    offline: 'Offline',
    unauthorized: 'Signed out',
  }[connection];
  return (
    <span className="sync-state" aria-live="polite">
      <span className="sync-dot" data-state={connection} />
      {label}
    </span>
  );
}
