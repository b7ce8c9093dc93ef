/** The search palette over the local cache. */
export default {
  label: 'Search customers and conversations',
  input: 'Search',
  placeholder: 'Search customers, email, phone or messages…',
  results: 'Results',
  customers: 'Customers',
  conversations: 'Conversations',
  noContact: 'No contact details',
  noConversation: 'No conversation cached',
  indexing: 'Indexing for search… {{percent}}%',
  nothing: 'No matches in this desktop’s cache.',
  idle: 'Searches everything cached on this desktop, online or offline.',
  partial: 'Showing the newest matches; refine the search to reach older ones.',
  keys: '<kbd>↑</kbd><kbd>↓</kbd> to move, <kbd>Enter</kbd> to open',
} as const;
