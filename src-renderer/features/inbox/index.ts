export { InboxList } from './InboxList.tsx';
export { useSavedViews, useViewCounts, useViewer } from './queries.ts';
export { useMinuteClock } from './clock.ts';
export { isTypingTarget } from './keys.ts';
