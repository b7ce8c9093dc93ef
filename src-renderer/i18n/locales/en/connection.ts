/** The offline banner and the sync state. */
export default {
  offline: 'Offline — showing cached conversations. Reconnecting automatically.',
  offlineSince:
    'Offline — showing cached conversations. Last synced {{time}}. Reconnecting automatically.',
  state: {
    online: 'Live',
    connecting: 'Connecting…',
    offline: 'Offline',
    unauthorized: 'Signed out',
  },
} as const;
