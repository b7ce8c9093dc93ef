export { InboxList } from './InboxList.tsx';
export { useViewCounts, useViewer } from './queries.ts';
export { VIEWS, type InboxView } from '#shared/logic/inbox-view.ts';
export { isTypingTarget } from './keys.ts';
