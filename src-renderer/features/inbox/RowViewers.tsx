import { useCallback, useSyncExternalStore } from 'react';
import type { ConversationId } from '#shared/logic/ids.ts';
import { useLive } from '../../data/live-context.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { formatList } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';

/**
 * Colleagues who have a conversation open right now, on its inbox row, so two agents do not pick
 * up the same customer. Only rows whose viewers changed re-render: `openBy` returns the same
 * array until they do.
 */
export function RowViewers({ conversationId }: { conversationId: ConversationId }) {
  const live = useLive();
  const { t } = useTranslation('inbox');
  const subscribe = useCallback((tell: () => void) => live.subscribeOpen(tell), [live]);
  const viewers = useSyncExternalStore(subscribe, () => live.openBy(conversationId));
  if (viewers.length === 0) return null;
  const typing = viewers.some((v) => v.typing);
  const names = formatList(viewers.map((v) => v.name));
  const label = t(typing ? 'row.replying' : 'row.viewing', { count: viewers.length, names });
  return (
    <span className="row-viewers" role="img" aria-label={label} title={label} data-typing={typing}>
      {viewers.slice(0, 2).map((v) => (
        <Avatar key={v.userId} name={v.name} seed={v.userId} size={16} />
      ))}
      {viewers.length > 2 && <span className="row-viewers-more">+{viewers.length - 2}</span>}
    </span>
  );
}
