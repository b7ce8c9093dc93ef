import { Avatar } from '../ui/Avatar.tsx';
import {
  AtIcon,
  CheckIcon,
  InboxIcon,
  LogoMark,
  MoonIcon,
  PersonIcon,
  SignOutIcon,
  SnoozeIcon,
  SunIcon,
  TeamIcon,
  UnassignedIcon,
  FilterIcon,
} from '../ui/icons.tsx';
import {
  useMinuteClock,
  useSavedViews,
  useInboxData,
  useViewCounts,
} from '../features/inbox/index.ts';
import { NotificationBell } from '../features/notifications/index.ts';
import type { InboxView } from '#shared/logic/inbox-view.ts';
import { useAppStore } from './store.ts';
import { useResolvedTheme } from './theme.ts';

const NAV: Array<{ view: InboxView; label: string; icon: React.ReactNode }> = [
  { view: 'mine', label: 'Mine', icon: <PersonIcon /> },
  { view: 'unassigned', label: 'Unassigned', icon: <UnassignedIcon /> },
  { view: 'teams', label: 'My teams', icon: <TeamIcon /> },
  { view: 'all', label: 'All open', icon: <InboxIcon /> },
  { view: 'mentions', label: 'Mentions', icon: <AtIcon /> },
  { view: 'snoozed', label: 'Snoozed', icon: <SnoozeIcon /> },
  { view: 'resolved', label: 'Resolved', icon: <CheckIcon /> },
];

export function Sidebar({ onSignOut }: { onSignOut: () => void }) {
  const user = useAppStore((s) => s.session?.user);
  const selection = useAppStore((s) => s.selection);
  const openSavedView = useAppStore((s) => s.openSavedView);
  const savedViews = useSavedViews();
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const setView = useAppStore((s) => s.setView);
  const setTheme = useAppStore((s) => s.setTheme);
  const resolved = useResolvedTheme();
  const { me, active } = useInboxData();
  const counts = useViewCounts(me, useMinuteClock(), active);
  return (
    <nav className="sidebar" aria-label="Workspace">
      <div className="sidebar-head">
        <div className="brand">
          <LogoMark />
          <span className="brand-name">Promptly</span>
        </div>
      </div>
      <div className="nav">
        <div className="nav-label">Inbox</div>
        {NAV.map((item) => (
          <button
            key={item.view}
            type="button"
            className="nav-item"
            aria-current={
              screen === 'inbox' && selection.kind === 'builtin' && selection.view === item.view
                ? 'page'
                : undefined
            }
            onClick={() => setView(item.view)}
          >
            {item.icon}
            <span>{item.label}</span>
            <span
              className="nav-count"
              aria-label={`${counts?.builtin[item.view] ?? 0} conversations`}
            >
              {counts ? counts.builtin[item.view] : ''}
            </span>
          </button>
        ))}
        {savedViews && savedViews.length > 0 && <div className="nav-label">Views</div>}
        {savedViews?.map((v) => (
          <button
            key={v.id}
            type="button"
            className="nav-item"
            aria-current={
              screen === 'inbox' && selection.kind === 'saved' && selection.id === v.id
                ? 'page'
                : undefined
            }
            onClick={() => openSavedView(v)}
          >
            <FilterIcon />
            <span className="nav-text">{v.name}</span>
            <span
              className="nav-count"
              aria-label={`${counts?.saved.get(v.id) ?? 0} conversations`}
            >
              {counts?.saved.get(v.id) ?? ''}
            </span>
          </button>
        ))}
        {user?.role === 'admin' && (
          <>
            <div className="nav-label">Workspace</div>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === 'admin' ? 'page' : undefined}
              onClick={() => setScreen('admin')}
            >
              <TeamIcon />
              <span>Users and teams</span>
            </button>
          </>
        )}
      </div>
      <div className="sidebar-foot">
        {user && <Avatar name={user.name} seed={user.id} size={26} />}
        <div className="me">
          <div className="me-name">{user?.name}</div>
          <div className="me-role">{user?.role}</div>
        </div>
        {user && <NotificationBell userId={user.id} />}
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => setTheme(resolved === 'dark' ? 'light' : 'dark')}
          aria-label={resolved === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          title="Toggle theme"
        >
          {resolved === 'dark' ? <SunIcon /> : <MoonIcon />}
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={onSignOut}
          aria-label="Sign out"
          title="Sign out"
        >
          <SignOutIcon />
        </button>
      </div>
    </nav>
  );
}
