export { NotificationBell } from './NotificationCenter.tsx';
export { NotificationWatcher } from './NotificationWatcher.tsx';
