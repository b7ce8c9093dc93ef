import { useEffect, useState } from 'react';
import type { ConversationViewers } from '#shared/contracts/socket.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import { useLive } from '../../data/live-context.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { formatList } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';

/**
 * Announces that we have this conversation open, and shows who else does (and who is typing).
 * Mounted once per conversation (the pane is keyed by id), so its list starts empty each time.
 */
export function Viewers({
  conversationId,
  meId,
}: {
  conversationId: ConversationId;
  meId: string;
}) {
  const { t } = useTranslation('conversation');
  const live = useLive();
  const [others, setOthers] = useState<ConversationViewers['viewers']>([]);
  useEffect(() => {
    const off = live.onViewers((v) => {
      if (v.conversationId === conversationId)
        setOthers(v.viewers.filter((x) => x.userId !== meId));
    });
    live.view(conversationId, false);
    return () => {
      off();
      live.view(null, false);
    };
  }, [live, conversationId, meId]);
  if (others.length === 0) return null;
  const typing = others.filter((o) => o.typing);
  const label = typing.length
    ? t('viewers.typing', { count: typing.length, names: formatList(typing.map((o) => o.name)) })
    : t('viewers.viewing', { count: others.length, names: formatList(others.map((o) => o.name)) });
  return (
    <span className="viewers" role="status" data-typing={typing.length > 0}>
      {others.slice(0, 3).map((o) => (
        <Avatar key={o.userId} name={o.name} seed={o.userId} size={18} />
      ))}
      <span>{label}</span>
    </span>
  );
}
