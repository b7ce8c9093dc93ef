export { InboxList } from './InboxList.tsx';
export { useConversationCount } from './queries.ts';
