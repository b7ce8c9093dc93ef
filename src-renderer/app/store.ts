import { create, type StateCreator } from 'zustand';
import type { SessionUser } from '#shared/domain/user.ts';
import type { ConversationId } from '#shared/logic/ids.ts';
import type { ConnectionState } from '../data/sync-engine.ts';
import {
  NO_FILTERS,
  type InboxFilters,
  type InboxView,
  type ViewSelection,
} from '#shared/logic/inbox-view.ts';
import type { InboxSort, SavedView } from '#shared/domain/view.ts';
import { loadNotifySettings, saveNotifySettings, type NotifySettings } from './notify-settings.ts';

/**
 * UI and session state only. Records live in Dexie and reach components through live queries;
 * copying them here would give two sources of truth.
 */
export interface SessionSlice {
  session: { hubUrl: string; token: string; user: SessionUser; dbName: string } | null;
  signedOutReason: string | null;
  setSession: (session: SessionSlice['session']) => void;
  signedOut: (reason: string | null) => void;
}

export interface ConnectionSlice {
  connection: ConnectionState;
  lastSyncAt: number | null;
  syncError: string | null;
  setConnection: (state: ConnectionState) => void;
  setSynced: (at: number) => void;
  setSyncError: (message: string | null) => void;
}

export type Theme = 'light' | 'dark' | 'system';

export type Screen = 'inbox' | 'admin';

export interface UiSlice {
  screen: Screen;
  setScreen: (screen: Screen) => void;
  selectedConversationId: ConversationId | null;
  theme: Theme;
  selectConversation: (id: ConversationId | null) => void;
  setTheme: (theme: Theme) => void;
  /** Whether the customer panel is docked beside the thread on wide windows (narrow ones overlay it). */
  customerPanel: boolean;
  setCustomerPanel: (open: boolean) => void;
}

/** What the inbox shows: a view, narrowed and ordered by filters, and the rows picked for bulk. */
export interface InboxSlice {
  selection: ViewSelection;
  filters: InboxFilters;
  bulk: ReadonlySet<ConversationId>;
  setView: (view: InboxView) => void;
  openSavedView: (view: SavedView) => void;
  setFilters: (filters: InboxFilters) => void;
  setSort: (sort: InboxSort) => void;
  toggleBulk: (id: ConversationId) => void;
  setBulk: (ids: Iterable<ConversationId>) => void;
}

/** This device's notification preferences, persisted locally. */
export interface NotifySlice {
  notify: NotifySettings;
  setNotify: (patch: Partial<NotifySettings>) => void;
}

export type AppState = SessionSlice & ConnectionSlice & UiSlice & InboxSlice & NotifySlice;

const EMPTY = new Set<ConversationId>();

const inboxSlice: StateCreator<AppState, [], [], InboxSlice> = (set) => ({
  selection: { kind: 'builtin', view: 'all' },
  filters: NO_FILTERS,
  bulk: EMPTY,
  // Filters carry over between built-in views (an agent narrowing to email keeps browsing email);
  // leaving a saved view drops its filter, which belonged to it.
  setView: (view) =>
    set((s) => ({
      selection: { kind: 'builtin', view },
      filters: s.selection.kind === 'saved' ? NO_FILTERS : s.filters,
      bulk: EMPTY,
      screen: 'inbox',
    })),
  openSavedView: (view) =>
    set({
      selection: { kind: 'saved', id: view.id },
      filters: view.filter,
      bulk: EMPTY,
      screen: 'inbox',
    }),
  // A bulk selection belongs to the list it was made in.
  setFilters: (filters) => set({ filters, bulk: EMPTY }),
  setSort: (sort) => set((s) => ({ filters: { ...s.filters, sort } })),
  toggleBulk: (id) =>
    set((s) => {
      const next = new Set(s.bulk);
      if (!next.delete(id)) next.add(id);
      return { bulk: next };
    }),
  setBulk: (ids) => set({ bulk: new Set(ids) }),
});

const sessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  session: null,
  signedOutReason: null,
  setSession: (session) => set({ session, signedOutReason: null }),
  signedOut: (reason) =>
    set({
      session: null,
      signedOutReason: reason,
      selectedConversationId: null,
      lastSyncAt: null,
      bulk: EMPTY,
      screen: 'inbox',
    }),
});

const connectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: 'connecting',
  lastSyncAt: null,
  syncError: null,
  setConnection: (connection) => set({ connection }),
  setSynced: (lastSyncAt) => set({ lastSyncAt, syncError: null }),
  setSyncError: (syncError) => set({ syncError }),
});

const THEME_KEY = 'promptly.theme';
const storedTheme = (): Theme => {
  const t = typeof localStorage === 'undefined' ? null : localStorage.getItem(THEME_KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
};

const PANEL_KEY = 'promptly.customerPanel';
const storedPanel = (): boolean =>
  typeof localStorage === 'undefined' || localStorage.getItem(PANEL_KEY) !== 'closed';

const uiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  screen: 'inbox',
  setScreen: (screen) => set({ screen }),
  selectedConversationId: null,
  theme: storedTheme(),
  selectConversation: (selectedConversationId) => set({ selectedConversationId }),
  setTheme: (theme) => {
    localStorage.setItem(THEME_KEY, theme);
    set({ theme });
  },
  customerPanel: storedPanel(),
  setCustomerPanel: (customerPanel) => {
    localStorage.setItem(PANEL_KEY, customerPanel ? 'open' : 'closed');
    set({ customerPanel });
  },
});

const notifySlice: StateCreator<AppState, [], [], NotifySlice> = (set, get) => ({
  notify: loadNotifySettings(),
  setNotify: (patch) => {
    const notify = { ...get().notify, ...patch };
    saveNotifySettings(notify);
    set({ notify });
  },
});

export const useAppStore = create<AppState>()((...a) => ({
  ...sessionSlice(...a),
  ...connectionSlice(...a),
  ...uiSlice(...a),
  ...inboxSlice(...a),
  ...notifySlice(...a),
}));
