export { OutboxIndicator } from './OutboxIndicator.tsx';
export { RejectedNotices } from './RejectedNotices.tsx';
export { useUnconfirmedMessages } from './queries.ts';
