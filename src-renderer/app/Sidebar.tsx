import { Avatar } from '../ui/Avatar.tsx';
import { InboxIcon, LogoMark, MoonIcon, SignOutIcon, SunIcon } from '../ui/icons.tsx';
import { useConversationCount } from '../features/inbox/index.ts';
import { useAppStore } from './store.ts';
import { useResolvedTheme } from './theme.ts';

export function Sidebar({ onSignOut }: { onSignOut: () => void }) {
  const user = useAppStore((s) => s.session?.user);
  const setTheme = useAppStore((s) => s.setTheme);
  const resolved = useResolvedTheme();
  const count = useConversationCount();
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
        <button type="button" className="nav-item" aria-current="page">
          <InboxIcon />
          <span>All conversations</span>
          <span className="nav-count">{count ?? ''}</span>
        </button>
      </div>
      <div className="sidebar-foot">
        {user && <Avatar name={user.name} seed={user.id} size={26} />}
        <div className="me">
          <div className="me-name">{user?.name}</div>
          <div className="me-role">{user?.role}</div>
        </div>
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
