/** The shell: sidebar, empty conversation slot, shortcut sheet, session notices. */
export default {
  nav: {
    label: 'Workspace',
    inbox: 'Inbox',
    views: 'Views',
    workspace: 'Workspace',
    usersAndTeams: 'Users and teams',
    count_one: '{{count}} conversation',
    count_other: '{{count}} conversations',
  },
  theme: {
    toLight: 'Switch to light theme',
    toDark: 'Switch to dark theme',
    toggle: 'Toggle theme',
  },
  /** The signed-in person, as the collapsed sidebar's tooltip names them. */
  me: '{{name}} · {{role}}',
  signOut: 'Sign out',
  search: 'Search',
  searchTitle: 'Search (/)',
  noConversation: {
    title: 'Select a conversation',
    hint: '<kbd>j</kbd> / <kbd>k</kbd> to move, <kbd>?</kbd> for every shortcut',
  },
  shortcuts: {
    title: 'Keyboard shortcuts',
    next: 'Next conversation',
    previous: 'Previous conversation',
    reply: 'Reply to the open conversation',
    select: 'Select for bulk actions',
    assignToMe: 'Assign to me',
    resolve: 'Resolve',
    promise: 'Promise a callback (open conversation)',
    clearSelection: 'Clear the selection',
    search: 'Search customers and conversations',
    inbox: 'Go to the inbox (All open)',
    send: 'Send the reply or note',
    sheet: 'This sheet',
  },
  session: {
    ended: 'Your session has ended. Sign in again.',
    signInFirst: 'Sign in first.',
  },
} as const;
