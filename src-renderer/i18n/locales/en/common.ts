/** Words and formats shared by every screen. */
export default {
  cancel: 'Cancel',
  save: 'Save',
  edit: 'Edit',
  clear: 'Clear',
  dismiss: 'Dismiss',
  retry: 'Retry',
  unknownCustomer: 'Unknown customer',
  theCustomer: 'the customer',
  somethingWentWrong: 'Something went wrong. Try again.',
  /** Shown on outbox badges and unsent messages alike. */
  savedLocally: 'Saved on this computer; sent when the hub confirms',
  status: {
    open: 'Open',
    pending: 'Pending',
    snoozed: 'Snoozed',
    resolved: 'Resolved',
  },
  priority: {
    urgent: 'Urgent',
    high: 'High',
    normal: 'Normal',
    low: 'Low',
  },
  channel: {
    chat: 'Web chat',
    email: 'Email',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    phone: 'Phone',
    api: 'API',
  },
  role: {
    agent: 'Agent',
    lead: 'Team lead',
    admin: 'Admin',
  },
  /** Key caps as printed on the keyboard of the language's users. */
  key: {
    ctrl: 'Ctrl',
    enter: 'Enter',
    esc: 'Esc',
  },
  time: {
    /** Compact ages for dense lists: "45s", "12m", "3h", "2d". */
    secondsAgo_one: '{{count}}s',
    secondsAgo_other: '{{count}}s',
    minutesAgo_one: '{{count}}m',
    minutesAgo_other: '{{count}}m',
    hoursAgo_one: '{{count}}h',
    hoursAgo_other: '{{count}}h',
    daysAgo_one: '{{count}}d',
    daysAgo_other: '{{count}}d',
    /** A call's length: "3m 05s", "42s". */
    minutesSeconds: '{{minutes}}m {{seconds}}s',
    seconds: '{{seconds}}s',
  },
  size: {
    bytes: '{{size}} B',
    kilobytes: '{{size}} KB',
    megabytes: '{{size}} MB',
  },
} as const;
