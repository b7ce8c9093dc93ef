import { createContext, useContext, type ReactNode } from 'react';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Viewer } from '#shared/logic/inbox-view.ts';
import { useAppStore } from '../../app/store.ts';
import { useActiveConversations, useViewer } from './queries.ts';

interface InboxData {
  /** Undefined while the cache bootstraps (see useViewer). */
  me: Viewer | undefined;
  /** The open and pending conversations: one read per change, shared by list and counts. */
  active: Conversation[] | undefined;
}

const InboxDataContext = createContext<InboxData>({ me: undefined, active: undefined });

export function InboxDataProvider({ children }: { children: ReactNode }) {
  const me = useViewer(useAppStore((s) => s.session?.user.id));
  const active = useActiveConversations(me !== undefined);
  return <InboxDataContext.Provider value={{ me, active }}>{children}</InboxDataContext.Provider>;
}

export const useInboxData = () => useContext(InboxDataContext);
