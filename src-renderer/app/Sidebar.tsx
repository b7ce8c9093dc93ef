import { useRef } from 'react';
import { Avatar } from '../ui/Avatar.tsx';
import { useTextFit } from '../ui/use-text-fit.ts';
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
import { useTranslation } from '../i18n/index.ts';

const NAV: Array<{ view: InboxView; icon: React.ReactNode }> = [
  { view: 'mine', icon: <PersonIcon /> },
  { view: 'unassigned', icon: <UnassignedIcon /> },
  { view: 'teams', icon: <TeamIcon /> },
  { view: 'all', icon: <InboxIcon /> },
  { view: 'mentions', icon: <AtIcon /> },
  { view: 'snoozed', icon: <SnoozeIcon /> },
  { view: 'resolved', icon: <CheckIcon /> },
];

export function Sidebar({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation(['app', 'inbox', 'common']);
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
  const nameRef = useRef<HTMLDivElement>(null);
  const nameFit = useTextFit(nameRef, user?.name);
  const role = user ? t(`common:role.${user.role}`) : '';
  // The whole name on hover, only when the sidebar does not show it: cut off, or collapsed.
  const meTitle =
    !user || nameFit === 'whole'
      ? undefined
      : nameFit === 'cut'
        ? user.name
        : t('me', { name: user.name, role });
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="sidebar-head">
        <div className="brand">
          <LogoMark />
          <span className="brand-name">Promptly</span>
        </div>
      </div>
      <div className="nav">
        <div className="nav-label">{t('nav.inbox')}</div>
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
            <span>{t(`inbox:views.${item.view}`)}</span>
            <span
              className="nav-count"
              aria-label={t('nav.count', { count: counts?.builtin[item.view] ?? 0 })}
            >
              {counts ? counts.builtin[item.view] : ''}
            </span>
          </button>
        ))}
        {savedViews && savedViews.length > 0 && <div className="nav-label">{t('nav.views')}</div>}
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
              aria-label={t('nav.count', { count: counts?.saved.get(v.id) ?? 0 })}
            >
              {counts?.saved.get(v.id) ?? ''}
            </span>
          </button>
        ))}
        {user?.role === 'admin' && (
          <>
            <div className="nav-label">{t('nav.workspace')}</div>
            <button
              type="button"
              className="nav-item"
              aria-current={screen === 'admin' ? 'page' : undefined}
              onClick={() => setScreen('admin')}
            >
              <TeamIcon />
              <span>{t('nav.usersAndTeams')}</span>
            </button>
          </>
        )}
      </div>
      <div className="sidebar-foot">
        <div className="me" title={meTitle}>
          {user && <Avatar name={user.name} seed={user.id} size={26} />}
          <div className="me-text">
            <div className="me-name" ref={nameRef}>
              {user?.name}
            </div>
            <div className="me-role">{role}</div>
          </div>
        </div>
        <div className="foot-actions">
          {user && <NotificationBell userId={user.id} />}
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => setTheme(resolved === 'dark' ? 'light' : 'dark')}
            aria-label={resolved === 'dark' ? t('theme.toLight') : t('theme.toDark')}
            title={t('theme.toggle')}
          >
            {resolved === 'dark' ? <SunIcon /> : <MoonIcon />}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={onSignOut}
            aria-label={t('signOut')}
            title={t('signOut')}
          >
            <SignOutIcon />
          </button>
        </div>
      </div>
    </nav>
  );
}
