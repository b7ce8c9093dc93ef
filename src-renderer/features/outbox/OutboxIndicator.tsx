import { usePendingCount } from './queries.ts';
import { useTranslation } from '../../i18n/index.ts';

/** How many changes are safe on this machine but not yet confirmed by the hub. */
export function OutboxIndicator() {
  const { t } = useTranslation(['outbox', 'common']);
  const pending = usePendingCount();
  if (pending === 0) return null;
  return (
    <span
      className="badge badge-unsent"
      data-testid="outbox-pending"
      title={t('common:savedLocally')}
    >
      {t('pending', { count: pending })}
    </span>
  );
}
