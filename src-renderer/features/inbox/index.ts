export { InboxList } from './InboxList.tsx';
export { useSavedViews, useViewCounts } from './queries.ts';
export { InboxDataProvider, useInboxData } from './inbox-data.tsx';
export { useMinuteClock } from './clock.ts';
export { isTypingTarget } from './keys.ts';
