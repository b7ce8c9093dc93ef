import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { NotificationKind } from '#shared/domain/notification.ts';
import { useAppStore } from '../../app/store.ts';
import { platform } from '../../platform/index.ts';
import type { NotificationAccess } from '../../platform/types.ts';
import { AtIcon, DeadlineIcon, MoonIcon, PersonIcon, SnoozeIcon } from '../../ui/icons.tsx';
import { fullTime, shortAgo } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';
import { useMinuteClock } from '../inbox/index.ts';
import { playChime } from './chime.ts';
import { useMarkAllRead, useOpenFromNotification } from './open.ts';
import { useRecentNotifications, useUnreadNotifications, type CenterEntry } from './queries.ts';
import './notifications.css';

const KIND_ICON: Record<NotificationKind, React.ReactNode> = {
  mention: <AtIcon size={14} />,
  assignment: <PersonIcon size={14} />,
  'callback.missed': <SnoozeIcon size={14} />,
  'sla.at_risk': <DeadlineIcon size={14} />,
  'sla.breached': <DeadlineIcon size={14} />,
};

function BellIcon() {
  return (
    <svg
      width={16}
      height={16}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1 1H3z" />
      <path d="M6.6 14a1.5 1.5 0 0 0 2.8 0" />
    </svg>
  );
}

/** The sidebar's bell: unread count, a moon while do-not-disturb is on, and the center itself. */
export function NotificationBell({ userId }: { userId: string }) {
  const { t } = useTranslation('notifications');
  const [open, setOpen] = useState(false);
  const unread = useUnreadNotifications(userId).length;
  const dnd = useAppStore((s) => s.notify.doNotDisturb);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const label = dnd ? t('bell.labelDnd', { count: unread }) : t('bell.label', { count: unread });
  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  }, []);

  return (
    <div className="notif-anchor">
      <button
        ref={button}
        type="button"
        className="btn btn-ghost notif-bell"
        aria-label={label}
        title={dnd ? t('bell.titleDnd') : t('bell.title')}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          // Keep Enter and Space for the button: the inbox's window shortcuts would swallow them.
          if (e.key === 'Enter' || e.key === ' ') e.stopPropagation();
        }}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="notif-count" data-testid="notification-count" aria-hidden>
            {unread > 99 ? '99+' : unread}
          </span>
        )}
        {dnd && (
          <span className="notif-dnd" aria-hidden>
            <MoonIcon size={9} />
          </span>
        )}
      </button>
      {open && <NotificationPanel id={panelId} userId={userId} anchor={button} onClose={close} />}
    </div>
  );
}

function NotificationPanel({
  id,
  userId,
  anchor,
  onClose,
}: {
  id: string;
  userId: string;
  anchor: React.RefObject<HTMLButtonElement | null>;
  onClose: (refocus: boolean) => void;
}) {
  const { t } = useTranslation('notifications');
  const entries = useRecentNotifications(userId);
  const unread = useUnreadNotifications(userId);
  const openConversation = useOpenFromNotification();
  const markAllRead = useMarkAllRead();
  const now = useMinuteClock();
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();

  // Focus lands on the newest entry (or the panel) so arrows work at once.
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || entries === undefined) return;
    focused.current = true;
    (panel.current?.querySelector<HTMLElement>('.notif-item') ?? panel.current)?.focus();
  }, [entries]);

  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !anchor.current?.contains(target)) onClose(false);
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [anchor, onClose]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    // The inbox's single-key shortcuts listen on window: inside the center, keys belong to it.
    e.stopPropagation();
    if (e.key === 'Escape') {
      onClose(true);
      return;
    }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const items = [...(panel.current?.querySelectorAll<HTMLElement>('.notif-item') ?? [])];
    if (items.length === 0) return;
    e.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next =
      e.key === 'Home'
        ? 0
        : e.key === 'End'
          ? items.length - 1
          : Math.min(items.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)));
    items[next]?.focus();
  };

  const choose = (entry: CenterEntry) => {
    onClose(false);
    void openConversation(entry.notification.refs.conversationId);
  };

  return (
    <div
      ref={panel}
      id={id}
      className="notif-panel"
      role="dialog"
      aria-labelledby={titleId}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        // A popover, not a modal: tabbing out of it puts it away.
        const to = e.relatedTarget as Node | null;
        if (to && !panel.current?.contains(to) && !anchor.current?.contains(to)) onClose(false);
      }}
    >
      <div className="notif-head">
        <h2 id={titleId}>{t('center.title')}</h2>
        <button
          type="button"
          className="btn-quiet"
          disabled={unread.length === 0}
          onClick={() => void markAllRead(unread.map((n) => n.id))}
        >
          {t('center.markAllRead')}
        </button>
      </div>
      <DndNotice />
      {entries !== undefined && entries.length === 0 ? (
        <p className="notif-empty">{t('center.empty')}</p>
      ) : (
        <ul className="notif-list" aria-label={t('center.list')}>
          {entries?.map((entry) => {
            const n = entry.notification;
            const isUnread = n.readAt === null;
            const time = fullTime(n.createdAt);
            const item = entry.context
              ? t('center.itemWithContext', { title: n.title, where: entry.context, time })
              : t('center.item', { title: n.title, time });
            return (
              <li key={n.id}>
                <button
                  type="button"
                  className="notif-item"
                  data-unread={isUnread || undefined}
                  aria-label={isUnread ? t('center.unreadItem', { item }) : item}
                  onClick={() => choose(entry)}
                >
                  <span className="notif-kind" aria-hidden>
                    {KIND_ICON[n.kind]}
                  </span>
                  <span className="notif-text" aria-hidden>
                    <span className="notif-title">{n.title}</span>
                    {(entry.context ?? n.body) && (
                      <span className="notif-sub">{entry.context ?? n.body}</span>
                    )}
                  </span>
                  <time
                    className="notif-time"
                    dateTime={new Date(n.createdAt).toISOString()}
                    aria-hidden
                  >
                    {shortAgo(n.createdAt, now)}
                  </time>
                  {isUnread && <span className="notif-dot" aria-hidden />}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <NotifySettingsForm />
    </div>
  );
}

function DndNotice() {
  const { t } = useTranslation('notifications');
  const dnd = useAppStore((s) => s.notify.doNotDisturb);
  if (!dnd) return null;
  return (
    <p className="notif-dnd-notice" role="status">
      <MoonIcon size={12} /> {t('dndNotice')}
    </p>
  );
}

function NotifySettingsForm() {
  const { t } = useTranslation('notifications');
  const settings = useAppStore((s) => s.notify);
  const setNotify = useAppStore((s) => s.setNotify);
  const [access, setAccess] = useState<NotificationAccess>(() => platform.notificationPermission());
  const blocked = access === 'denied' || access === 'unsupported';

  const toggleSystem = async (on: boolean) => {
    if (on && access === 'default') {
      // This click is the user gesture browsers require before they will ask.
      const answer = await platform.requestNotificationPermission();
      setAccess(answer);
      if (answer !== 'granted') return;
    }
    setNotify({ system: on });
  };

  return (
    <div className="notif-settings" role="group" aria-label={t('settings.label')}>
      <Switch
        label={t('settings.dnd')}
        checked={settings.doNotDisturb}
        onChange={(on) => setNotify({ doNotDisturb: on })}
      />
      <Switch
        label={t('settings.sound')}
        checked={settings.sound}
        onChange={(on) => {
          setNotify({ sound: on });
          // A preview, and the gesture that lets the page play sound later.
          if (on) playChime();
        }}
      />
      <Switch
        label={platform.kind === 'desktop' ? t('settings.desktop') : t('settings.browser')}
        checked={settings.system && access === 'granted'}
        disabled={blocked}
        hint={
          access === 'denied'
            ? t('settings.blocked')
            : access === 'unsupported'
              ? t('settings.unsupported')
              : undefined
        }
        onChange={(on) => void toggleSystem(on)}
      />
    </div>
  );
}

function Switch(props: {
  label: string;
  checked: boolean;
  disabled?: boolean;
  hint?: string | undefined;
  onChange: (on: boolean) => void;
}) {
  const hintId = useId();
  return (
    <label className="notif-switch" data-disabled={props.disabled || undefined}>
      <span className="notif-switch-text">
        <span>{props.label}</span>
        {props.hint && (
          <span className="notif-hint" id={hintId}>
            {props.hint}
          </span>
        )}
      </span>
      <input
        type="checkbox"
        role="switch"
        checked={props.checked}
        disabled={props.disabled}
        aria-describedby={props.hint ? hintId : undefined}
        onChange={(e) => props.onChange(e.target.checked)}
      />
    </label>
  );
}
