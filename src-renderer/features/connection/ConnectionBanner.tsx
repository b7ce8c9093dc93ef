import { useAppStore } from '../../app/store.ts';
import { fullTime } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';

/** Says plainly when the agent is looking at cached data, and how old it is. */
export function ConnectionBanner() {
  const { t } = useTranslation('connection');
  const connection = useAppStore((s) => s.connection);
  const lastSyncAt = useAppStore((s) => s.lastSyncAt);
  if (connection === 'online' || connection === 'connecting') return null;
  return (
    <div className="banner" role="status">
      <span className="banner-dot" />
      <span>{lastSyncAt ? t('offlineSince', { time: fullTime(lastSyncAt) }) : t('offline')}</span>
    </div>
  );
}

export function SyncIndicator() {
  const { t } = useTranslation('connection');
  const connection = useAppStore((s) => s.connection);
  const label = t(`state.${connection}`);
  return (
    <span className="sync-state" aria-live="polite">
      <span className="sync-dot" data-state={connection} />
      {label}
    </span>
  );
}
