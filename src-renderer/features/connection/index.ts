export { ConnectionBanner, SyncIndicator } from './ConnectionBanner.tsx';
