import { usePendingCount } from './queries.ts';

/** How many changes are safe on this machine but not yet confirmed by the hub. */
export function OutboxIndicator() {
  const pending = usePendingCount();
  if (pending === 0) return null;
  return (
    <span
      className="badge badge-unsent"
      data-testid="outbox-pending"
      title="Saved on this computer; sent when the hub confirms"
    >
      {pending} pending
    </span>
  );
}
