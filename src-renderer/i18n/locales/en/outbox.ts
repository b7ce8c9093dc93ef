/** Changes waiting for the hub, and the ones it refused. */
export default {
  pending_one: '{{count}} pending',
  pending_other: '{{count}} pending',
  rejected: {
    reply: 'Reply not sent',
    note: 'Note not saved',
    assign: 'Assignment not saved',
    status: 'Status not changed',
    priority: 'Priority not changed',
    tags: 'Tags not changed',
    other: 'Change not saved',
  },
} as const;
