/** The bell, the notification center, and the pop-ups this desktop shows. */
export default {
  bell: {
    title: 'Notifications',
    titleDnd: 'Notifications (do not disturb)',
    label_zero: 'Notifications, none unread',
    label_one: 'Notifications, {{count}} unread',
    label_other: 'Notifications, {{count}} unread',
    labelDnd_zero: 'Notifications, none unread, do not disturb is on',
    labelDnd_one: 'Notifications, {{count}} unread, do not disturb is on',
    labelDnd_other: 'Notifications, {{count}} unread, do not disturb is on',
  },
  center: {
    title: 'Notifications',
    markAllRead: 'Mark all read',
    empty: 'Mentions and assignments show up here.',
    list: 'Recent notifications',
    item: '{{title}}, {{time}}',
    itemWithContext: '{{title}} — {{where}}, {{time}}',
    unreadItem: 'Unread: {{item}}',
  },
  dndNotice: 'Do not disturb is on: no pop-ups, no sound.',
  settings: {
    label: 'Notification settings',
    dnd: 'Do not disturb',
    sound: 'Sound',
    desktop: 'Desktop notifications',
    browser: 'Browser notifications',
    blocked: 'Blocked by the browser: allow notifications for this site in its settings.',
    unsupported: 'This browser cannot show notifications.',
  },
  /** What a burst of news becomes instead of a stack of pop-ups. */
  burst: {
    title_one: '{{count}} new notification',
    title_other: '{{count}} new notifications',
    body: 'Open Promptly to see them.',
  },
  fallbackTitle: 'Promptly',
} as const;
