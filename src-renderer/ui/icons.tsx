import type { Channel } from '#shared/domain/conversation.ts';
import { useTranslation } from '../i18n/index.ts';

interface IconProps {
  size?: number;
  title?: string;
}

function Svg({ size = 16, title, children }: IconProps & { children: React.ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={title ? 'img' : undefined}
      aria-hidden={title ? undefined : true}
      aria-label={title}
    >
      {children}
    </svg>
  );
}

const CHANNEL_PATHS: Record<Channel, React.ReactNode> = {
  chat: <path d="M2.5 3.5h11v7h-6l-3 2.5v-2.5h-2z" />,
  email: (
    <>
      <rect x="2" y="3.5" width="12" height="9" rx="1.5" />
      <path d="m2.5 4.5 5.5 4 5.5-4" />
    </>
  ),
  sms: (
    <>
      <rect x="4" y="1.75" width="8" height="12.5" rx="1.5" />
      <path d="M6.5 5h3M6.5 7.5h3" />
    </>
  ),
  whatsapp: (
    <>
      <path d="M3 13l.8-2.6A5.5 5.5 0 1 1 5.9 12.4z" />
      <path d="M6.2 6.2c.3 1.6 1.9 3.2 3.6 3.6" />
    </>
  ),
  phone: (
    <path d="M5.5 2.5 4 2.5a1.5 1.5 0 0 0-1.5 1.7 10 10 0 0 0 9.3 9.3 1.5 1.5 0 0 0 1.7-1.5V10.5l-2.5-1-1.3 1.3a7 7 0 0 1-3-3L8 6.5z" />
  ),
  api: <path d="m5.5 4.5-3 3.5 3 3.5M10.5 4.5l3 3.5-3 3.5" />,
};

/** A channel's icon, named for assistive technology by the channel's name. */
export function ChannelIcon({ channel, size }: { channel: Channel; size?: number }) {
  const { t } = useTranslation('common');
  return (
    <span style={{ color: `var(--ch-${channel})`, display: 'inline-flex' }}>
      <Svg size={size} title={t(`channel.${channel}`)}>
        {CHANNEL_PATHS[channel]}
      </Svg>
    </span>
  );
}

export function InboxIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2 9.5 4 3.5h8l2 6v3h-12z" />
      <path d="M2 9.5h3.5l1 1.5h3l1-1.5H14" />
    </Svg>
  );
}

export function PaperclipIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="m13 7.5-5 5a3 3 0 0 1-4.2-4.2l5.3-5.3a2 2 0 0 1 2.8 2.8L6.6 11a1 1 0 0 1-1.4-1.4L10 4.8" />
    </Svg>
  );
}

export function VoicemailIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="4.5" cy="8" r="2.5" />
      <circle cx="11.5" cy="8" r="2.5" />
      <path d="M4.5 10.5h7" />
    </Svg>
  );
}

export function MoonIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M13 9.5A5.5 5.5 0 0 1 6.5 3a5.5 5.5 0 1 0 6.5 6.5z" />
    </Svg>
  );
}

export function SunIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8" r="2.75" />
      <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
    </Svg>
  );
}

export function SignOutIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M6 2.5H3.5v11H6M10.5 5l3 3-3 3M13.5 8H6.5" />
    </Svg>
  );
}

export function LogoMark() {
  return (
    <span className="brand-mark" aria-hidden="true">
      <svg
        width="14"
        height="14"
        viewBox="0 0 16 16"
        fill="none"
        stroke="#fff"
        strokeWidth="2"
        strokeLinecap="round"
      >
        <path d="M4 12V4h4.5a2.5 2.5 0 0 1 0 5H4" />
        <path d="m10 12 2-2" />
      </svg>
    </span>
  );
}

export function PersonIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="5.5" r="2.5" />
      <path d="M3 13.5c.6-2.6 2.6-4 5-4s4.4 1.4 5 4" />
    </Svg>
  );
}

export function UnassignedIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8" r="5.5" strokeDasharray="2 2" />
    </Svg>
  );
}

export function TeamIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="6" cy="6" r="2" />
      <circle cx="11" cy="6.5" r="1.6" />
      <path d="M2.5 13c.4-2 1.8-3.2 3.5-3.2S9.1 11 9.5 13M10 9.6c1.6 0 2.9 1 3.4 3" />
    </Svg>
  );
}

export function AtIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8" r="2.3" />
      <path d="M10.3 8v1c0 1 .7 1.6 1.5 1.6s1.5-.8 1.5-2.6A5.3 5.3 0 1 0 10.6 12.6" />
    </Svg>
  );
}

export function SnoozeIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="8.5" r="5" />
      <path d="M8 6v2.7l1.8 1.2M3 3l1.6-1.2M13 3l-1.6-1.2" />
    </Svg>
  );
}

export function CheckIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M3 8.5l3.2 3L13 4.5" />
    </Svg>
  );
}

export function FilterIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <path d="M2.5 3.5h11L9.3 8.6v3.6l-2.6 1.3V8.6z" />
    </Svg>
  );
}

export function SearchIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="7" cy="7" r="4.5" />
      <path d="m10.5 10.5 3 3" />
    </Svg>
  );
}

/** A stopwatch: a reply deadline coming up or gone by. */
export function DeadlineIcon(props: IconProps) {
  return (
    <Svg {...props}>
      <circle cx="8" cy="9" r="5" />
      <path d="M8 6.5V9l1.6 1M6.5 2h3M8 2v2" />
    </Svg>
  );
}
