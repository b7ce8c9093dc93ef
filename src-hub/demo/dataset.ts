/**
 * Deterministic demo dataset: teams, staff, customers, conversations and message threads for the
 * demo workspace and for benchmarks. Pure: no I/O, no clock, no Math.random — the same options
 * always give byte-identical output. Every id is a UUIDv7 stamped with its record's own creation
 * time, with the random bits drawn from a seeded PRNG, so ids sort by creation time.
 *
 * Shape of the data (see also dataset-stories.ts and dataset-people.ts):
 * - the most recent 30–40 conversations (scaled up for big datasets) are open/pending with their
 *   last message within the last day; older ones, spread over ~120 days, are mostly resolved;
 * - the first few recent conversations follow a fixed "showcase" plan, so every dataset has open
 *   unassigned work, a voicemail, attachments, remote images and the two hostile e-mails that
 *   exercise the HTML sanitizer (bug-report → `onerror`, newsletter-unsubscribe → `<script>`).
 */
import { formatUuidV7 } from '#shared/logic/ids.ts';
import type { ConversationId, CustomerId, MessageId, TeamId, UserId } from '#shared/logic/ids.ts';
import type {
  Channel,
  Conversation,
  ConversationStatus,
  Priority,
} from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import type { Attachment, CallDetails, DeliveryStatus, Message } from '#shared/domain/message.ts';
import type { Agent, Role, Team } from '#shared/domain/user.ts';
import {
  CURRENCIES,
  CUSTOMER_NOTES,
  PERSONAL_DOMAINS,
  REGIONS,
  SHOWCASE_CUSTOMERS,
  STAFF,
  TEAM_SEEDS,
  VIP_NOTES,
  type Currency,
  type StaffSeed,
  type TeamKey,
} from './dataset-people.ts';
import {
  AGENT_CHAT_OPENERS,
  AGENT_CLOSINGS,
  AGENT_GREETINGS,
  BROWSERS,
  CHAT_OPENERS,
  DEVICES,
  EMAIL_CLOSINGS,
  EMAIL_GREETINGS_FIRST,
  EMAIL_GREETINGS_REPLY,
  FEATURES,
  NUDGES,
  PLANS,
  PRODUCTS,
  PROMO_CODES,
  STORIES,
  WEEKDAYS,
  WHATSAPP_EMOJI,
  type AttachKind,
  type Story,
  type StoryStep,
  type StepBy,
} from './dataset-stories.ts';

export interface DemoUser {
  id: UserId;
  email: string;
  name: string;
  role: Role;
  teamIds: TeamId[];
}

/** A demo user as every desktop's directory shows it. */
export function demoAgent(u: DemoUser): Agent {
  return { id: u.id, name: u.name, email: u.email, role: u.role, teamIds: u.teamIds, active: true };
}

export interface DemoDataset {
  teams: Team[];
  users: DemoUser[];
  customers: Customer[];
  conversations: Conversation[];
  messages: Message[];
}

export interface DemoDatasetOptions {
  /** The dataset's "now" in epoch ms; every timestamp lies before it. */
  now: number;
  seed?: number;
  customers?: number;
  conversations?: number;
  /** Older conversations were last active up to this many days ago (default 120). */
  historyDays?: number;
  /**
   * Threads shorter than this get follow-up exchanges in the middle, so a benchmark can ask for
   * a workspace's message volume and not only its conversation count (default: none added).
   */
  minThreadLength?: number;
}

export const DEMO_DEFAULTS = { seed: 1, customers: 60, conversations: 220 } as const;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PREVIEW_CHARS = 140;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: tiny, fast, good enough for fixtures. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  next(): number {
    return this.u32() / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  /** Log-uniform: realistic for waiting times (many short, a few long). */
  logBetween(min: number, max: number): number {
    return min * Math.exp(this.next() * Math.log(max / min));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    let total = 0;
    for (const it of items) total += Math.max(0, weight(it));
    let r = this.next() * total;
    for (const it of items) {
      r -= Math.max(0, weight(it));
      if (r < 0) return it;
    }
    return this.pick(items);
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
  letters(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(65 + this.int(26));
    return s;
  }
}

/** Derives independent streams from one seed, so e.g. customers don't change with the conversation count. */
export function streamSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export class IdMaker {
  private readonly rng: Rng;
  private readonly bytes = new Uint8Array(12);
  constructor(rng: Rng) {
    this.rng = rng;
  }
  make(time: number): string {
    for (let i = 0; i < 12; i += 4) {
      const v = this.rng.u32();
      this.bytes[i] = v & 0xff;
      this.bytes[i + 1] = (v >>> 8) & 0xff;
      this.bytes[i + 2] = (v >>> 16) & 0xff;
      this.bytes[i + 3] = v >>> 24;
    }
    return formatUuidV7(time, this.bytes);
  }
}

// ---------------------------------------------------------------------------------------------
// Small text helpers

const PLACEHOLDER = /\{(\w+)\}/;
/** Templates split once into [text, key, text, key, …]; the corpus is small and fixed. */
const compiled = new Map<string, readonly string[]>();

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    compiled.set(template, parts);
  }
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i] ?? '';
    out += (vars[key] ?? `{${key}}`) + (parts[i + 1] ?? '');
  }
  return out;
}

/** "Sorry about that, Mai. I've…" → "Sorry about that. I've…" when a greeting already names her. */
function dropName(text: string, first: string): string {
  const i = text.indexOf(`, ${first}`);
  if (i < 0) return text;
  const end = i + 2 + first.length;
  const next = text.charAt(end);
  const ok =
    next === '.' ||
    next === '!' ||
    next === '?' ||
    next === ',' ||
    (next === ' ' && text.charAt(end + 1) === '—');
  return ok ? text.slice(0, i) + text.slice(end) : text;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) =>
    ch === '&'
      ? '&amp;'
      : ch === '<'
        ? '&lt;'
        : ch === '>'
          ? '&gt;'
          : ch === '"'
            ? '&quot;'
            : '&#39;',
  );
}

const FOLD: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
};

/** "Łukasz Wiśniewska" → "lukaszwisniewska": for e-mail local parts and domains. */
function asciiSlug(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßøæłđıœþð]/g, (ch) => FOLD[ch] ?? '')
    .replace(/[^a-z0-9]+/g, '');
}

const COMPANY_STOPWORDS = new Set([
  'gmbh',
  'ltd',
  'llc',
  'inc',
  'co',
  'sa',
  'sl',
  'srl',
  'sarl',
  'bv',
  'ab',
  'aps',
  'ug',
  'lda',
  'pty',
  'pvt',
  'llp',
  'pte',
  'fze',
  'the',
  'and',
  'de',
  'da',
  'el',
  'of',
  'cie',
  'sp',
  'z',
  'o',
  'as',
  'ltda',
  'fils',
  'i',
  'e',
  'y',
  'et',
  'und',
  'partners',
  'partner',
  'group',
  'd',
  'hotes',
  'rl',
]);

function companySlug(company: string): string {
  const words = company
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßøæłđıœþð]/g, (ch) => FOLD[ch] ?? '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !COMPANY_STOPWORDS.has(w));
  return words.slice(0, 2).join('-') || 'company';
}

function lowerFirst(s: string): string {
  if (/^I\b/.test(s) || !/^[A-Z][a-z]/.test(s)) return s;
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The way people type in chat: lower-case start, no full stop. */
function casual(s: string): string {
  const t = lowerFirst(s);
  return t.endsWith('.') && !t.endsWith('..') ? t.slice(0, -1) : t;
}

function firstName(fullName: string): string {
  return fullName.split(' ')[0] ?? fullName;
}

/** "12345" → "12,345" (no Intl: it is slow per call and locale data varies between runtimes). */
function groupThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A shop price: "$148.99", "¥22,350", "SEK 1,560". */
function money(usd: number, cur: Currency): string {
  const v = usd * cur.rate;
  let num: string;
  if (cur.dec === 0) num = groupThousands(v >= 1000 ? Math.round(v / 10) * 10 : Math.round(v));
  else {
    const whole = Math.max(1, Math.round(v));
    num = `${groupThousands(whole - 1)}.99`;
  }
  return cur.space ? `${cur.sym} ${num}` : `${cur.sym}${num}`;
}

function preview(text: string): string {
  const flat = (text.length > 600 ? text.slice(0, 600) : text).replace(/\s+/g, ' ').trim();
  return flat.length <= PREVIEW_CHARS ? flat : `${flat.slice(0, PREVIEW_CHARS - 1).trimEnd()}…`;
}

const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_SHORT = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** "Tue, 4 Mar 2026 at 14:02" (UTC), as mail clients write it above a quote. */
function quoteDate(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAY_SHORT[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTH_SHORT[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function duration(sec: number): string {
  return `${Math.floor(sec / 60)}m ${pad2(sec % 60)}s`;
}

// ---------------------------------------------------------------------------------------------
// Staff and customers

interface Staff {
  seed: StaffSeed;
  user: DemoUser;
  first: string;
}

interface Profile {
  customer: Customer;
  first: string;
  city: string;
  cc: string;
  currency: Currency;
  carriers: readonly string[];
  prefers: Channel | null;
  noPhone: boolean;
  vip: boolean;
  /** 0 Gmail-like, 1 Outlook-like, 2 Apple Mail-like HTML. */
  mailStyle: number;
  logoUrl: string | null;
  weight: number;
}

const CUSTOMER_EPOCH_MIN = 160 * DAY; // customers exist well before their oldest conversation
const CUSTOMER_EPOCH_SPAN = 1000 * DAY;

function splitName(entry: string): { native: string | null; latin: string } {
  const bar = entry.indexOf('|');
  return bar < 0
    ? { native: null, latin: entry }
    : { native: entry.slice(0, bar), latin: entry.slice(bar + 1) };
}

function buildCustomers(count: number, now: number, rng: Rng, ids: IdMaker): Profile[] {
  const profiles: Profile[] = [];
  const usedEmails = new Set<string>();
  for (const s of SHOWCASE_CUSTOMERS) if (s.email) usedEmails.add(s.email);

  for (let i = 0; i < count; i++) {
    const createdAt = Math.floor(now - CUSTOMER_EPOCH_MIN - rng.next() * CUSTOMER_EPOCH_SPAN);
    const updatedAt = Math.floor(createdAt + rng.next() * (now - DAY - createdAt));
    const show = SHOWCASE_CUSTOMERS[i];
    let p: Omit<Profile, 'customer'> & {
      name: string;
      email: string | null;
      phone: string | null;
      tz: string | null;
      company: string | null;
      notes: string;
      likes: readonly string[];
      avoid: readonly string[];
    };
    if (show) {
      p = {
        name: show.name,
        email: show.email,
        phone: show.phone,
        tz: show.tz,
        company: show.company,
        notes: show.notes,
        likes: show.likes ?? [],
        avoid: show.avoid ?? [],
        first: show.first,
        city: show.city,
        cc: show.cc,
        currency: CURRENCIES[show.currency],
        carriers: show.carriers,
        prefers: show.prefers ?? null,
        noPhone: show.noPhone ?? false,
        vip: show.vip ?? false,
        mailStyle: i % 3,
        logoUrl:
          show.company && i % 2 === 0
            ? `https://www.${companySlug(show.company)}.example/assets/email-logo.png`
            : null,
        weight: show.vip ? 4 : 2.5,
      };
    } else {
      const region = rng.weighted(REGIONS, (r) => r.weight);
      const place = rng.pick(region.places);
      const given = splitName(rng.pick(region.given));
      const family = splitName(rng.pick(region.family));
      const useNative =
        !!region.native && !!given.native && !!family.native && rng.chance(region.native);
      let name: string;
      let first: string;
      if (useNative && given.native && family.native) {
        const joiner = region.joiner ?? ' ';
        name = region.familyFirst
          ? family.native + joiner + given.native
          : `${given.native} ${family.native}`;
        first = given.native;
      } else {
        name = `${given.latin} ${family.latin}`;
        first = given.latin;
      }
      const company = rng.chance(0.28) ? rng.pick(region.companies) : null;
      const slug = company ? companySlug(company) : null;

      let email: string | null = null;
      if (!rng.chance(0.04)) {
        const g = asciiSlug(given.latin);
        const f = asciiSlug(family.latin);
        const domain = slug && rng.chance(0.6) ? `${slug}.example` : rng.pick(PERSONAL_DOMAINS);
        const patterns = [
          `${g}.${f}`,
          `${g}${f}`,
          `${g.charAt(0)}.${f}`,
          `${g}_${f}${rng.digits(2)}`,
          `${f}.${g}`,
          `${g}${rng.digits(2 + rng.int(3))}`,
          `${g}.${f.charAt(0)}`,
        ];
        let local = rng.pick(patterns);
        let candidate = `${local}@${domain}`;
        while (usedEmails.has(candidate)) {
          local = `${g}.${f}${rng.digits(3)}`;
          candidate = `${local}@${domain}`;
        }
        usedEmails.add(candidate);
        email = candidate;
      }
      const phone =
        email && rng.chance(0.08)
          ? null
          : region.phone.replace('A', place.area ?? '').replace(/#/g, () => String(rng.int(10)));

      let notes = '';
      let prefers: Channel | null = null;
      let noPhone = false;
      const likes: string[] = [];
      const avoid: string[] = [];
      const noteCount = rng.chance(0.5) ? (rng.chance(0.2) ? 2 : 1) : 0;
      for (let n = 0; n < noteCount; n++) {
        const note = rng.pick(CUSTOMER_NOTES);
        if (notes.includes(note.text)) continue;
        notes = notes ? `${notes} ${note.text}` : note.text;
        prefers = note.prefers ?? prefers;
        noPhone = noPhone || !!note.noPhone;
        for (const l of note.likes ?? []) if (!likes.includes(l)) likes.push(l);
        for (const a of note.avoid ?? []) if (!avoid.includes(a)) avoid.push(a);
      }
      const vip = rng.chance(0.07);
      if (vip) notes = notes ? `${rng.pick(VIP_NOTES)} ${notes}` : rng.pick(VIP_NOTES);

      p = {
        name,
        email,
        phone,
        tz: rng.chance(0.03) ? null : place.tz,
        company,
        notes,
        likes,
        avoid,
        first,
        city: place.city,
        cc: region.cc,
        currency: CURRENCIES[region.currency],
        carriers: region.carriers,
        prefers,
        noPhone: noPhone || !phone,
        vip,
        mailStyle: rng.int(3),
        logoUrl:
          slug && rng.chance(0.5) ? `https://www.${slug}.example/assets/email-logo.png` : null,
        weight: (vip ? 2.5 : 0.4) + rng.next() * 1.2,
      };
    }
    const customer: Customer = {
      id: ids.make(createdAt) as CustomerId,
      name: p.name,
      email: p.email,
      phone: p.phone,
      timezone: p.tz,
      company: p.company,
      notes: p.notes,
      preferences: { likes: [...p.likes], avoid: [...p.avoid] },
      createdAt,
      updatedAt,
    };
    profiles.push({
      customer,
      first: p.first,
      city: p.city,
      cc: p.cc,
      currency: p.currency,
      carriers: p.carriers,
      prefers: p.prefers,
      noPhone: p.noPhone || !p.phone,
      vip: p.vip,
      mailStyle: p.mailStyle,
      logoUrl: p.logoUrl,
      weight: p.weight,
    });
  }
  return profiles;
}

/** Weighted customer picks in O(log n), for 5k+ customers. */
class CustomerPicker {
  private readonly cumulative: number[] = [];
  private readonly profiles: readonly Profile[];
  constructor(profiles: readonly Profile[]) {
    this.profiles = profiles;
    let sum = 0;
    for (const p of profiles) this.cumulative.push((sum += p.weight));
  }
  pick(rng: Rng): Profile {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const r = rng.next() * total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    const p = this.profiles[lo];
    if (!p) throw new RangeError('no customers to pick from');
    return p;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversation planning

interface Plan {
  story: Story;
  channel: Channel;
  status: ConversationStatus;
  /** The thread ends with the customer waiting for us. */
  waiting: boolean;
  unassigned: boolean;
  /** Showcase: put sanitizer-hostile markup / a remote image into the first inbound e-mail. */
  hostile: boolean;
  remoteImage: boolean;
  assignee: string | null;
}

interface ShowcasePlan {
  story: string;
  channel: Channel;
  status: ConversationStatus;
  waiting: boolean;
  unassigned: boolean;
  hostile?: boolean;
  remoteImage?: boolean;
  assignee?: string;
}

/** The newest conversations in every dataset, so the demo always shows these cases. */
const SHOWCASE: readonly ShowcasePlan[] = [
  // Hostile `<img src=x onerror=…>` / `<svg onload=…>` plus a remote inline screenshot.
  {
    story: 'bug-report',
    channel: 'email',
    status: 'open',
    waiting: true,
    unassigned: true,
    hostile: true,
    remoteImage: true,
  },
  // Forwarded newsletter with `<script>`, `<iframe>`, `javascript:` link, tracking pixel.
  {
    story: 'newsletter-unsubscribe',
    channel: 'email',
    status: 'open',
    waiting: true,
    unassigned: false,
    hostile: true,
    assignee: 'ada',
  },
  { story: 'delayed-order', channel: 'whatsapp', status: 'open', waiting: true, unassigned: true },
  {
    story: 'callback-request',
    channel: 'phone',
    status: 'open',
    waiting: true,
    unassigned: false,
    assignee: 'ada',
  },
  {
    story: 'double-charge',
    channel: 'email',
    status: 'open',
    waiting: true,
    unassigned: false,
    assignee: 'sam',
  },
  { story: 'password-reset', channel: 'sms', status: 'open', waiting: true, unassigned: true },
  {
    story: 'invoice-request',
    channel: 'email',
    status: 'pending',
    waiting: false,
    unassigned: false,
    assignee: 'sam',
  },
  {
    story: 'account-locked',
    channel: 'chat',
    status: 'open',
    waiting: true,
    unassigned: false,
    assignee: 'ada',
  },
  { story: 'refund-request', channel: 'chat', status: 'open', waiting: true, unassigned: true },
];

function channelUsable(ch: Channel, p: Profile): boolean {
  if (ch === 'email') return p.customer.email !== null;
  if (ch === 'phone') return !p.noPhone;
  if (ch === 'sms' || ch === 'whatsapp') return p.customer.phone !== null;
  return true;
}

const storyChannels = new Map<Story, readonly (readonly [Channel, number])[]>();

function chooseChannel(story: Story, p: Profile, rng: Rng): Channel {
  let all = storyChannels.get(story);
  if (!all) {
    all = (Object.entries(story.channels) as [Channel, number][]).filter(([, w]) => w > 0);
    storyChannels.set(story, all);
  }
  if (p.prefers && channelUsable(p.prefers, p) && rng.chance(0.45)) return p.prefers;
  const options = all.filter(([ch]) => channelUsable(ch, p));
  if (options.length === 0) return 'chat';
  return rng.weighted(options, ([, w]) => w)[0];
}

function choosePriority(story: Story, vip: boolean, rng: Rng): Priority {
  const u = story.urgency ?? 0;
  const levels: Priority[] = ['low', 'normal', 'high', 'urgent'];
  const weights = [10 - 6 * u, 68, 15 + 20 * u, 7 + 10 * u];
  let i = levels.indexOf(rng.weighted(levels, (l) => weights[levels.indexOf(l)] ?? 0));
  if (vip && i < 3 && rng.chance(0.5)) i++;
  return levels[i] ?? 'normal';
}

/** Picks the story steps this thread shows, cut so the thread ends where its status says. */
function selectSteps(story: Story, plan: Plan, rng: Rng): StoryStep[] {
  const keepGroup = new Map<number, boolean>();
  const full = story.steps.filter((s) => {
    if (s.opt === undefined) return true;
    let keep = keepGroup.get(s.opt);
    if (keep === undefined) keepGroup.set(s.opt, (keep = rng.chance(0.6)));
    return keep;
  });
  let seq: StoryStep[];
  if (plan.unassigned) {
    seq = [];
    for (const s of full) {
      if (s.by !== 'c') break;
      seq.push(s);
    }
  } else if (plan.status === 'resolved') {
    seq = full;
  } else {
    const want: StepBy = plan.waiting ? 'c' : 'a';
    // Never cut at or after the customer's "it works, thanks": that thread would be resolved.
    const doneAt = full.findIndex((s) => s.done);
    const candidates: number[] = [];
    full.forEach((s, i) => {
      if (s.by === want && (doneAt < 0 || i < doneAt)) candidates.push(i);
    });
    // Prefer a cut past the opening message, so most open threads already have some back-and-forth.
    const later = candidates.filter((i) => i > 0);
    const cut =
      later.length && rng.chance(0.8)
        ? rng.pick(later)
        : candidates.length
          ? rng.pick(candidates)
          : 0;
    seq = full.slice(0, cut + 1);
  }
  while (seq.length && seq[seq.length - 1]?.by === 'n') seq.pop();
  // Stories stay within 8 steps; drop notes first if a future story is longer.
  while (seq.length > 8) {
    const note = seq.findIndex((s) => s.by === 'n');
    seq.splice(note >= 0 ? note : 1, 1);
  }
  return seq;
}

// ---------------------------------------------------------------------------------------------
// Building threads

interface Author {
  type: 'customer' | 'agent';
  id: UserId | null;
  name: string;
  first: string;
}

/** One story step with its author and filled-in wording. */
interface Item {
  by: StepBy;
  author: Author;
  text: string;
  /** Paragraphs of the e-mail wording (e-mail channel only). */
  paras: string[];
  attach: AttachKind | null;
  voicemail: boolean;
  nudge: boolean;
}

/** One message to be: a single item, or (phone) a call covering several lines. */
interface Planned {
  by: StepBy;
  author: Author;
  items: Item[];
  createdAt: number;
}

interface Ctx {
  now: number;
  rng: Rng;
  ids: IdMaker;
  staffByKey: Map<string, Staff>;
  teamStaff: Record<TeamKey, Staff[]>;
  teamIds: Record<TeamKey, TeamId>;
  year: string;
  minThreadLength: number;
}

/** Back-and-forth that fits any story: how long threads grow while something is being sorted out. */
const FOLLOW_UP_CUSTOMER = [
  'Thanks, any news on this?',
  'Just checking in: is there an update?',
  'I tried that again and it still looks the same on my side.',
  'Sorry, one more question about this before you close it.',
  'Got it. Could you confirm once it is done?',
  'Thanks for looking into it, I appreciate it.',
];
const FOLLOW_UP_AGENT = [
  'Thanks for your patience, I am still on this and will update you shortly.',
  'I have passed this to the team that handles it and asked them to prioritise it.',
  'Could you try once more and tell me what you see now?',
  'Quick update: we found the cause and a fix is on its way.',
  'Happy to help with that as well. Here is what I can see on our side.',
  'I have added a note to your account so nobody asks you this again.',
];

/** Pads a planned thread to `ctx.minThreadLength` with follow-ups after its opening message. */
function padThread(
  ctx: Ctx,
  planned: Planned[],
  customer: Author,
  assignee: Author | null,
): Planned[] {
  const missing = ctx.minThreadLength - planned.length;
  if (missing <= 0 || planned.length === 0) return planned;
  const agent = assignee ?? customer;
  const extra: Planned[] = [];
  for (let i = 0; i < missing; i++) {
    // Nobody answers an unassigned thread: its customer just keeps chasing.
    const by: StepBy = i % 2 === 0 && assignee ? 'a' : 'c';
    const author = by === 'a' ? agent : customer;
    const text = ctx.rng.pick(by === 'a' ? FOLLOW_UP_AGENT : FOLLOW_UP_CUSTOMER);
    const item: Item = {
      by,
      author,
      text,
      paras: [text],
      attach: null,
      voicemail: false,
      nudge: false,
    };
    extra.push({ by, author, items: [item], createdAt: 0 });
  }
  return [planned[0]!, ...extra, ...planned.slice(1)];
}

function pickTeammate(ctx: Ctx, team: TeamKey, not: Staff | null): Staff {
  const pool = ctx.teamStaff[team].filter((s) => s !== not);
  if (pool.length === 0 && not) return not;
  return ctx.rng.weighted(pool, (s) => s.seed.load);
}

function agentAuthor(s: Staff): Author {
  return { type: 'agent', id: s.user.id, name: s.user.name, first: s.first };
}

function gapMs(prev: StepBy, cur: StepBy, ch: Channel, rng: Rng): number {
  const live = ch === 'chat' || ch === 'api';
  const texty = ch === 'sms' || ch === 'whatsapp';
  let lo: number;
  let hi: number;
  if (cur === 'n') [lo, hi] = [1 * MINUTE, 45 * MINUTE];
  else if (prev === 'n') [lo, hi] = live ? [2 * MINUTE, 20 * MINUTE] : [5 * MINUTE, 2 * HOUR];
  else if (prev === cur)
    [lo, hi] =
      cur === 'c' ? (live ? [4 * MINUTE, 2 * HOUR] : [2 * HOUR, 26 * HOUR]) : [3 * HOUR, 2 * DAY];
  else if (cur === 'a')
    [lo, hi] = live
      ? [1 * MINUTE, 20 * MINUTE]
      : texty
        ? [4 * MINUTE, 5 * HOUR]
        : ch === 'email'
          ? [25 * MINUTE, 20 * HOUR]
          : [30 * MINUTE, 26 * HOUR];
  else
    [lo, hi] = live
      ? [1 * MINUTE, 12 * MINUTE]
      : texty
        ? [3 * MINUTE, 8 * HOUR]
        : [1 * HOUR, 40 * HOUR];
  return Math.max(MINUTE, Math.floor(rng.logBetween(lo, hi)) + rng.int(60_000));
}

interface Vars extends Record<string, string> {
  agent: string;
}

function conversationVars(ctx: Ctx, story: Story, p: Profile): Vars {
  const { rng } = ctx;
  const pool = story.electronics ? PRODUCTS.filter((x) => x.electronics) : PRODUCTS;
  const product = rng.pick(pool);
  return {
    agent: 'team',
    first: p.first,
    order: String(100000 + rng.int(900000)),
    order2: String(100000 + rng.int(900000)),
    product: product.name,
    amount: money(product.price, p.currency),
    fee: money(14.99, p.currency),
    carrier: rng.pick(p.carriers),
    tracking: `${rng.pick(['LX', 'RR', 'CP', 'JD', 'UA'])}${rng.digits(9)}${p.cc}`,
    day: rng.pick(WEEKDAYS),
    days: String(2 + rng.int(8)),
    city: p.city,
    last4: rng.digits(4),
    invoice: `INV-${ctx.year}-${rng.digits(5)}`,
    plan: rng.pick(PLANS),
    code: rng.pick(PROMO_CODES),
    device: rng.pick(DEVICES),
    browser: rng.pick(BROWSERS),
    appver: `4.${8 + rng.int(5)}.${rng.int(4)}`,
    bugno: String(1000 + rng.int(9000)),
    sku: `BS-${rng.digits(4)}-${rng.letters(2)}`,
    ticket: `TR-${rng.digits(6)}`,
    feature: rng.pick(FEATURES),
    billto: p.customer.company ?? p.customer.name,
    email: p.customer.email ?? 'my address',
    phone: p.customer.phone ?? 'my mobile',
    tz: p.customer.timezone ?? 'their local time',
  };
}

function buildItems(ctx: Ctx, plan: Plan, p: Profile, assignee: Staff | null, vars: Vars): Item[] {
  const { rng } = ctx;
  const steps = selectSteps(plan.story, plan, rng);
  const customer: Author = { type: 'customer', id: null, name: p.customer.name, first: p.first };
  const team = plan.story.team;
  const items: Item[] = [];
  let lastAgent: Staff | null = assignee;
  const isEmail = plan.channel === 'email';
  const isPhone = plan.channel === 'phone';

  const push = (
    by: StepBy,
    author: Author,
    variants: readonly string[],
    extra: Partial<Item> = {},
  ) => {
    const raw = rng.pick(variants);
    const filled = fill(raw, vars);
    const paras = isEmail ? filled.split('\n\n') : [filled];
    items.push({
      by,
      author,
      text: paras.join(' '),
      paras,
      attach: null,
      voicemail: false,
      nudge: false,
      ...extra,
    });
  };

  for (const step of steps) {
    let author: Author;
    if (step.by === 'c') {
      author = customer;
      vars.agent = lastAgent?.first ?? 'team';
    } else {
      let staff: Staff = assignee ?? pickTeammate(ctx, team, null);
      if (step.by === 'a' && rng.chance(0.1)) staff = pickTeammate(ctx, team, assignee);
      if (step.by === 'n' && rng.chance(0.35)) {
        const lin = ctx.staffByKey.get('lin');
        staff = lin && rng.chance(0.5) ? lin : pickTeammate(ctx, team, assignee);
      }
      if (step.by === 'a') lastAgent = staff;
      author = agentAuthor(staff);
      vars.agent = staff.first;
    }
    const variants =
      (isEmail && step.email && (items.length === 0 || !!step.attach || rng.chance(0.7))
        ? step.email
        : null) ??
      (isPhone ? step.phone : null) ??
      step.say;
    push(step.by, author, variants, {
      attach: isEmail && step.attach && variants === step.email ? step.attach : null,
      voicemail: isPhone && !!step.voicemail,
    });
  }
  // A brand-new conversation nobody has answered: the customer chases once.
  if (items.length === 1) {
    vars.agent = 'team';
    const ch = plan.channel;
    const nudges =
      ch === 'email'
        ? NUDGES.email
        : ch === 'sms'
          ? NUDGES.sms
          : ch === 'phone'
            ? NUDGES.phone
            : NUDGES.chat;
    push('c', customer, nudges, { nudge: true, voicemail: ch === 'phone' });
  }
  return items;
}

/** Phone: consecutive lines of both parties often become one live call. The last item never merges. */
function groupCalls(items: Item[], rng: Rng): Planned[] {
  const out: Planned[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (!it) continue;
    const prev = out[out.length - 1];
    const mergeable =
      prev &&
      it.by !== 'n' &&
      prev.by !== 'n' &&
      prev.items.length === 1 &&
      prev.items[0]?.by !== it.by &&
      !prev.items[0]?.voicemail &&
      !it.voicemail &&
      i < items.length - 1 &&
      rng.chance(0.6);
    if (mergeable) prev.items.push(it);
    else out.push({ by: it.by, author: it.author, items: [it], createdAt: 0 });
  }
  return out;
}

function deliveryFor(by: StepBy, ch: Channel, rng: Rng): DeliveryStatus {
  if (by === 'c') return 'received';
  if (by === 'n') return 'sent';
  if (ch === 'chat' || ch === 'whatsapp') return rng.chance(0.7) ? 'read' : 'delivered';
  if (ch === 'email') return rng.chance(0.25) ? 'read' : 'delivered';
  return 'delivered';
}

function attachmentsFor(kind: AttachKind, at: number, vars: Vars, rng: Rng): Attachment[] {
  const id = () => `att_${rng.u32().toString(36).padStart(7, '0')}`;
  const size = (lo: number, hi: number) => Math.floor(rng.between(lo, hi));
  switch (kind) {
    case 'screenshot': {
      const d = new Date(at - 5 * MINUTE);
      const name = rng.chance(0.5)
        ? 'screenshot.png'
        : `Screenshot ${isoDay(at)} at ${pad2(d.getUTCHours())}.${pad2(d.getUTCMinutes())}.${pad2(d.getUTCSeconds())}.png`;
      return [{ id: id(), name, size: size(140_000, 1_600_000), contentType: 'image/png' }];
    }
    case 'receipt':
      return [
        { id: id(), name: 'receipt.jpg', size: size(80_000, 650_000), contentType: 'image/jpeg' },
      ];
    case 'invoice':
      return [
        {
          id: id(),
          name: rng.chance(0.5) ? 'invoice.pdf' : `${vars.invoice ?? 'invoice'}.pdf`,
          size: size(38_000, 190_000),
          contentType: 'application/pdf',
        },
      ];
    case 'statement':
      return rng.chance(0.5)
        ? [
            {
              id: id(),
              name: 'bank-statement.pdf',
              size: size(60_000, 300_000),
              contentType: 'application/pdf',
            },
          ]
        : [
            {
              id: id(),
              name: 'screenshot.png',
              size: size(120_000, 900_000),
              contentType: 'image/png',
            },
          ];
    case 'photos': {
      const n = 1 + rng.int(3);
      const base = 1000 + rng.int(8000);
      return Array.from({ length: n }, (_, k) => ({
        id: id(),
        name: `IMG_${base + k}.jpg`,
        size: size(1_200_000, 4_800_000),
        contentType: 'image/jpeg',
      }));
    }
  }
}

// --- e-mail bodies -------------------------------------------------------------------------------

/** Hostile markup for the sanitizer: bug-report story. Looks like a pasted error box. */
const HOSTILE_ONERROR = {
  html: '<p>This is exactly what appears in the error box:</p><div class="error-box" style="border:1px solid #c00;padding:8px"><img src=x onerror=alert(1)> Unexpected token &lt; in JSON at position 0<svg onload=alert(2)></svg></div>',
  text: 'This is exactly what appears in the error box:\n[broken image] Unexpected token < in JSON at position 0',
};

/** Hostile markup for the sanitizer: newsletter-unsubscribe story, a forwarded marketing e-mail. */
function forwardedNewsletter(hostile: boolean, token: string): { html: string; text: string } {
  const pixel = `<img src="https://track.example.net/open.gif?u=${token}" width="1" height="1" alt="" style="display:block">`;
  const hero =
    '<p><img src="https://static.example.com/campaigns/spring/hero.jpg" alt="Spring sale" width="600" height="240"></p>';
  const body = hostile
    ? [
        "<style>* { font-family: 'Comic Sans MS', cursive !important; }</style>",
        "<script>alert('xss')</script>",
        pixel,
        '<h1 style="color:#e4572e">Spring sale is on 🌱</h1>',
        hero,
        `<p onmouseover="alert('hover')">Up to 40% off tents, backpacks and more.</p>`,
        '<iframe src="https://promo.example.net/embed/spring" width="600" height="200"></iframe>',
        '<p><a href="javascript:alert(document.cookie)">Unsubscribe</a> · <a href="https://brightside.example/preferences">Email preferences</a></p>',
      ]
    : [
        pixel,
        '<h1 style="color:#e4572e">Spring sale is on 🌱</h1>',
        hero,
        '<p>Up to 40% off tents, backpacks and more.</p>',
        `<p><a href="https://brightside.example/unsubscribe?u=${token}">Unsubscribe</a></p>`,
      ];
  return {
    html:
      '<div class="forwarded"><p>---------- Forwarded message ---------<br>From: Brightside Deals &lt;deals@news.brightside.example&gt;<br>Subject: Spring sale: up to 40% off outdoor gear</p>' +
      `<blockquote type="cite">${body.join('')}</blockquote></div>`,
    text:
      '---------- Forwarded message ---------\nFrom: Brightside Deals <deals@news.brightside.example>\nSubject: Spring sale: up to 40% off outdoor gear\n\n' +
      'Spring sale is on 🌱\nUp to 40% off tents, backpacks and more.\nUnsubscribe',
  };
}

interface Quote {
  at: number;
  who: string;
  address: string;
  paras: string[];
}

interface EmailParts {
  greeting: string;
  paras: string[];
  closing: string;
  signer: string;
  signature: string[];
  /** Extra raw HTML + its plain-text rendering, after the body paragraphs. */
  extra: { html: string; text: string }[];
  quote: Quote | null;
}

function quoteText(q: Quote): string {
  const lines = q.paras
    .join('\n\n')
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'));
  return `On ${quoteDate(q.at)}, ${q.who} <${q.address}> wrote:\n${lines.join('\n')}`;
}

function emailText(e: EmailParts): string {
  const blocks = [
    e.greeting,
    ...e.paras,
    ...e.extra.map((x) => x.text),
    `${e.closing}\n${e.signer}`,
  ];
  if (e.signature.length) blocks.push(`-- \n${e.signature.join('\n')}`);
  if (e.quote) blocks.push(quoteText(e.quote));
  return blocks.join('\n\n');
}

function paraHtml(paras: readonly string[]): string {
  return paras.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
}

function customerEmailHtml(e: EmailParts, style: number, logoUrl: string | null): string {
  const body = `<p>${escapeHtml(e.greeting)}</p>${paraHtml(e.paras)}${e.extra.map((x) => x.html).join('')}<p>${escapeHtml(e.closing)}<br>${escapeHtml(e.signer)}</p>`;
  const logo = logoUrl ? `<br><img src="${logoUrl}" alt="" width="120" height="32">` : '';
  const sig = e.signature.length ? e.signature.map(escapeHtml).join('<br>') + logo : '';
  const q = e.quote;
  const attr = q
    ? `On ${quoteDate(q.at)}, ${escapeHtml(q.who)} &lt;${escapeHtml(q.address)}&gt; wrote:`
    : '';
  if (style === 1) {
    return (
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><style>p{margin:0 0 11pt 0}</style></head>' +
      '<body lang="EN-GB" style="font-family:Calibri,Arial,sans-serif;font-size:11pt"><div class="WordSection1">' +
      body +
      (sig ? `<p style="color:#595959;font-size:9pt">${sig}</p>` : '') +
      '</div>' +
      (q
        ? `<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><p>${attr}</p></div><blockquote style="margin-left:0">${paraHtml(q.paras)}</blockquote>`
        : '') +
      '</body></html>'
    );
  }
  if (style === 2) {
    return (
      '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>' +
      '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">' +
      body +
      (sig ? `<div><br></div><div>${sig}</div>` : '') +
      (q
        ? `<div><br><blockquote type="cite"><div>${attr}</div>${paraHtml(q.paras)}</blockquote></div>`
        : '') +
      '</body></html>'
    );
  }
  return (
    `<div dir="auto">${body}` +
    (sig ? `<div class="gmail_signature">-- <br>${sig}</div>` : '') +
    '</div>' +
    (q
      ? `<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">${attr}<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${paraHtml(q.paras)}</blockquote></div>`
      : '')
  );
}

function agentEmailHtml(e: EmailParts): string {
  const q = e.quote;
  return (
    '<div style="font-family:Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1f2328">' +
    `<p>${escapeHtml(e.greeting)}</p>${paraHtml(e.paras)}` +
    `<p>${escapeHtml(e.closing)}<br><strong>${escapeHtml(e.signer)}</strong><br>${e.signature.map(escapeHtml).join('<br>')}</p>` +
    (q
      ? `<div class="quote"><p style="color:#57606a">On ${quoteDate(q.at)}, ${escapeHtml(q.who)} &lt;${escapeHtml(q.address)}&gt; wrote:</p>` +
        `<blockquote style="margin:0 0 0 8px;border-left:2px solid #d0d7de;padding-left:8px;color:#57606a">${paraHtml(q.paras)}</blockquote></div>`
      : '') +
    '</div>'
  );
}

// --- one conversation -------------------------------------------------------------------------

interface Built {
  conversation: Conversation;
  messages: Message[];
}

function buildConversation(ctx: Ctx, plan: Plan, p: Profile, lastAt: number): Built {
  const { rng } = ctx;
  const story = plan.story;
  const team = story.team;
  const assignee = plan.unassigned
    ? null
    : ((plan.assignee ? ctx.staffByKey.get(plan.assignee) : undefined) ??
      rng.weighted(ctx.teamStaff[team], (s) => s.seed.load));
  const vars = conversationVars(ctx, story, p);
  const subjectText = fill(rng.pick(story.subjects), vars);
  const subject = subjectText.charAt(0).toUpperCase() + subjectText.slice(1);
  const items = buildItems(ctx, plan, p, assignee, vars);
  const grouped: Planned[] =
    plan.channel === 'phone'
      ? groupCalls(items, rng)
      : items.map((it) => ({ by: it.by, author: it.author, items: [it], createdAt: 0 }));
  const planned = padThread(
    ctx,
    grouped,
    { type: 'customer', id: null, name: p.customer.name, first: p.first },
    assignee ? agentAuthor(assignee) : null,
  );

  // Times run backwards from the last message, so the conversation lands exactly where planned.
  let t = lastAt;
  for (let i = planned.length - 1; i >= 0; i--) {
    const m = planned[i];
    if (!m) continue;
    m.createdAt = t;
    const before = planned[i - 1];
    if (before) t -= gapMs(before.by, m.by, plan.channel, rng);
  }
  const firstAt = planned[0]?.createdAt ?? lastAt;
  const createdAt = firstAt - rng.int(1500);
  const conversationId = ctx.ids.make(createdAt) as ConversationId;
  const customerId = p.customer.id;
  const teamAddress =
    TEAM_SEEDS.find((x) => x.key === team)?.address ?? 'support@brightside.example';

  const messages: Message[] = [];
  const hostileStep = plan.hostile || (story.hostile !== undefined && rng.chance(0.15));
  let firstInbound = true;
  let firstOutbound = true;
  let prevVisible: { at: number; author: Author; paras: string[] } | null = null;

  for (const m of planned) {
    const lead = m.items[0];
    if (!lead) continue;
    let text: string;
    let html: string | null = null;
    let attachments: Attachment[] = [];
    let call: CallDetails | null = null;
    const vis = m.by !== 'n';

    if (m.by === 'n') {
      text = lead.text;
    } else if (plan.channel === 'phone') {
      const inbound = m.by === 'c';
      const live = m.items.length > 1;
      const voicemail =
        !live && (lead.voicemail || (inbound ? firstInbound && rng.chance(0.5) : rng.chance(0.25)));
      const sec = voicemail ? 15 + rng.int(80) : live ? 120 + rng.int(600) : 45 + rng.int(300);
      const lines = m.items.map((it) => `${it.author.first}: ${it.text}`);
      call = {
        kind: voicemail ? 'voicemail' : 'call',
        direction: inbound ? 'inbound' : 'outbound',
        durationSec: sec,
        transcript: voicemail ? lead.text : lines.join('\n'),
      };
      const label = voicemail
        ? inbound
          ? 'Voicemail'
          : 'Voicemail left'
        : inbound
          ? 'Inbound call'
          : 'Outbound call';
      text = `${label} · ${duration(sec)}`;
    } else if (plan.channel === 'email') {
      const inbound = m.by === 'c';
      const extra: EmailParts['extra'] = [];
      if (inbound && firstInbound) {
        if (story.key === 'newsletter-unsubscribe')
          extra.push(forwardedNewsletter(hostileStep, rng.u32().toString(16)));
        if (story.key === 'bug-report' && hostileStep) extra.push(HOSTILE_ONERROR);
        if (story.key === 'bug-report' && (plan.remoteImage || rng.chance(0.3))) {
          extra.push({
            html: `<p><img src="https://uploads.example.org/s/${rng.u32().toString(16)}/screen.png" alt="Screenshot of the error" width="480"></p>`,
            text: '[image: Screenshot of the error]',
          });
        }
      }
      const quote: Quote | null =
        prevVisible && rng.chance(0.6)
          ? {
              at: prevVisible.at,
              who: prevVisible.author.name,
              address:
                prevVisible.author.type === 'customer' ? (p.customer.email ?? '') : teamAddress,
              paras: prevVisible.paras,
            }
          : null;
      let parts: EmailParts;
      if (inbound) {
        vars.agent = prevVisible?.author.type === 'agent' ? prevVisible.author.first : 'team';
        const greeting =
          firstInbound || vars.agent === 'team'
            ? rng.pick(EMAIL_GREETINGS_FIRST)
            : fill(rng.pick(EMAIL_GREETINGS_REPLY), vars);
        const signature = p.customer.company
          ? [p.customer.name, p.customer.company, ...(p.customer.phone ? [p.customer.phone] : [])]
          : [];
        parts = {
          greeting,
          paras: lead.paras,
          closing: rng.pick(EMAIL_CLOSINGS),
          signer: rng.chance(0.6) ? p.first : p.customer.name,
          signature: lead.nudge ? [] : signature,
          extra,
          quote,
        };
        text = emailText(parts);
        html = customerEmailHtml(parts, p.mailStyle, parts.signature.length ? p.logoUrl : null);
      } else {
        parts = {
          greeting: fill(rng.pick(AGENT_GREETINGS), vars),
          paras: lead.paras.map((x) => dropName(x, p.first)),
          closing: rng.pick(AGENT_CLOSINGS),
          signer: m.author.name,
          signature: [
            team === 'billing'
              ? 'Billing & Accounts · Brightside'
              : 'Customer Support · Brightside',
            'brightside.example/help',
          ],
          extra,
          quote,
        };
        text = emailText(parts);
        html = agentEmailHtml(parts);
      }
      if (lead.attach) attachments = attachmentsFor(lead.attach, m.createdAt, vars, rng);
    } else {
      // chat, sms, whatsapp, api: short texts, no HTML.
      text = lead.text;
      if (m.by === 'c') {
        if (firstInbound && plan.channel !== 'api') {
          const opener = rng.pick(CHAT_OPENERS);
          text = opener.endsWith(', ') ? opener + lowerFirst(text) : opener + text;
        }
        if (plan.channel !== 'api' && rng.chance(0.18)) text = casual(text);
        if (plan.channel === 'whatsapp' && rng.chance(/thank/i.test(text) ? 0.5 : 0.1))
          text += rng.pick(WHATSAPP_EMOJI);
      } else if (firstOutbound) {
        vars.agent = m.author.first;
        if (plan.channel === 'sms') text = `${text} – ${m.author.first}, Brightside`;
        else if (plan.channel !== 'api') {
          const opener = rng.pick(AGENT_CHAT_OPENERS);
          text = fill(opener, vars) + (opener.includes('{first}') ? dropName(text, p.first) : text);
        }
      }
    }

    const message: Message = {
      id: ctx.ids.make(m.createdAt) as MessageId,
      conversationId,
      customerId,
      direction: m.by === 'c' ? 'inbound' : m.by === 'a' ? 'outbound' : 'note',
      channel: plan.channel,
      authorType: m.author.type,
      authorId: m.author.id,
      authorName: m.author.name,
      text,
      html,
      attachments,
      call,
      deliveryStatus: deliveryFor(m.by, plan.channel, rng),
      createdAt: m.createdAt,
    };
    messages.push(message);
    if (m.by === 'c') firstInbound = false;
    if (m.by === 'a') firstOutbound = false;
    if (vis)
      prevVisible = {
        at: m.createdAt,
        author: m.author,
        paras:
          m.by === 'a' && plan.channel === 'email'
            ? lead.paras.map((x) => dropName(x, p.first))
            : lead.paras,
      };
  }

  // Waiting since the first customer message after our last reply, while the thread is unresolved.
  let waitingSince: number | null = null;
  if (plan.status !== 'resolved') {
    for (let i = messages.length - 1; i >= 0; i--) {
      const msg = messages[i];
      if (!msg || msg.direction === 'outbound') break;
      if (msg.direction === 'inbound') waitingSince = msg.createdAt;
    }
  }

  const tags = [...story.tags];
  for (const tag of story.extraTags) if (rng.chance(0.3) && !tags.includes(tag)) tags.push(tag);
  if (p.vip) tags.push('vip');
  const priority = choosePriority(story, p.vip, rng);
  if (priority === 'urgent' && rng.chance(0.6)) tags.push('escalated');

  const last = messages[messages.length - 1];
  const conversation: Conversation = {
    id: conversationId,
    customerId,
    channel: plan.channel,
    subject,
    status: plan.status,
    priority,
    tags,
    teamId: ctx.teamIds[team],
    assigneeId: assignee?.user.id ?? null,
    firstMessageId: messages.find((x) => x.direction === 'inbound')?.id ?? null,
    preview: preview(last?.text ?? ''),
    lastMessageAt: last?.createdAt ?? createdAt,
    waitingSince,
    // Old snoozed demo threads have no wake time: they wait for an agent, like pre-0005 data.
    snoozedUntil: null,
    createdAt,
    updatedAt: last?.createdAt ?? createdAt,
    version: 1,
  };
  return { conversation, messages };
}

// ---------------------------------------------------------------------------------------------

function count(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return v;
}

export function buildDemoDataset(opts: DemoDatasetOptions): DemoDataset {
  const now = Math.floor(opts.now);
  if (!Number.isFinite(now)) throw new RangeError('now must be a finite epoch-ms number');
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const customerCount = count(opts.customers, DEMO_DEFAULTS.customers, 'customers');
  const conversationCount = count(opts.conversations, DEMO_DEFAULTS.conversations, 'conversations');
  if (conversationCount > 0 && customerCount === 0)
    throw new RangeError('conversations need at least one customer');

  // Directory: teams and staff, created long before any customer.
  const dirIds = new IdMaker(new Rng(streamSeed(seed, 0)));
  const dirEpoch = now - CUSTOMER_EPOCH_MIN - CUSTOMER_EPOCH_SPAN - 30 * DAY;
  const teams: Team[] = [];
  const teamIds = {} as Record<TeamKey, TeamId>;
  TEAM_SEEDS.forEach((t, i) => {
    const id = dirIds.make(dirEpoch + i * MINUTE) as TeamId;
    teamIds[t.key] = id;
    teams.push({ id, name: t.name });
  });
  const users: DemoUser[] = [];
  const staffByKey = new Map<string, Staff>();
  const teamStaff: Record<TeamKey, Staff[]> = { support: [], billing: [] };
  STAFF.forEach((s, i) => {
    const user: DemoUser = {
      id: dirIds.make(dirEpoch + HOUR + i * 7 * DAY) as UserId,
      email: s.email,
      name: s.name,
      role: s.role,
      teamIds: s.teams.map((k) => teamIds[k]),
    };
    users.push(user);
    const staff: Staff = { seed: s, user, first: firstName(s.name) };
    staffByKey.set(s.key, staff);
    for (const k of s.teams) if (s.load > 0) teamStaff[k].push(staff);
  });

  const customerRng = new Rng(streamSeed(seed, 1));
  const profiles = buildCustomers(customerCount, now, customerRng, new IdMaker(customerRng));

  const rng = new Rng(streamSeed(seed, 2));
  const ctx: Ctx = {
    now,
    rng,
    ids: new IdMaker(new Rng(streamSeed(seed, 3))),
    staffByKey,
    teamStaff,
    teamIds,
    year: String(new Date(now).getUTCFullYear()),
    minThreadLength: count(opts.minThreadLength, 0, 'minThreadLength'),
  };
  const historyDays = count(opts.historyDays, 120, 'historyDays');
  const storyByKey = new Map(STORIES.map((s) => [s.key, s]));
  const picker = profiles.length ? new CustomerPicker(profiles) : null;

  // The recent cluster: 30–40 in the default dataset, proportionally more in big ones.
  const recentCount = Math.min(
    conversationCount,
    Math.round((30 + rng.int(11)) * Math.max(1, conversationCount / DEMO_DEFAULTS.conversations)),
  );

  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  for (let i = 0; i < conversationCount && picker; i++) {
    const recent = i < recentCount;
    const show = recent ? SHOWCASE[i] : undefined;
    let plan: Plan;
    let profile: Profile;
    if (show) {
      const story = storyByKey.get(show.story);
      if (!story) throw new Error(`unknown showcase story ${show.story}`);
      let candidate = picker.pick(rng);
      for (let tries = 0; tries < 50 && !channelUsable(show.channel, candidate); tries++)
        candidate = picker.pick(rng);
      profile = candidate;
      plan = {
        story,
        channel: channelUsable(show.channel, profile)
          ? show.channel
          : chooseChannel(story, profile, rng),
        status: show.status,
        waiting: show.waiting,
        unassigned: show.unassigned,
        hostile: !!show.hostile,
        remoteImage: !!show.remoteImage,
        assignee: show.assignee ?? null,
      };
    } else {
      const story = rng.weighted(STORIES, (s) => s.weight);
      profile = picker.pick(rng);
      let status: ConversationStatus;
      let waiting: boolean;
      let unassigned: boolean;
      if (recent) {
        status = rng.chance(0.65) ? 'open' : 'pending';
        waiting = status === 'open' && rng.chance(0.85);
        unassigned = waiting && rng.chance(0.35);
      } else {
        const r = rng.next();
        status = r < 0.88 ? 'resolved' : r < 0.92 ? 'open' : r < 0.96 ? 'pending' : 'snoozed';
        waiting = status === 'open' && rng.chance(0.6);
        unassigned = waiting && rng.chance(0.1);
      }
      plan = {
        story,
        channel: chooseChannel(story, profile, rng),
        status,
        waiting,
        unassigned,
        hostile: false,
        remoteImage: false,
        assignee: null,
      };
    }
    const lastAt = recent
      ? Math.floor(
          now - (show ? rng.between(2 * MINUTE, 3 * HOUR) : rng.between(90_000, 22 * HOUR)),
        )
      : Math.floor(now - rng.between(26 * HOUR, Math.max(2, historyDays) * DAY));
    const built = buildConversation(ctx, plan, profile, lastAt);
    conversations.push(built.conversation);
    for (const m of built.messages) messages.push(m);
  }

  const byTime = <T extends { createdAt: number; id: string }>(a: T, b: T) =>
    a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const customers = profiles.map((p) => p.customer).sort(byTime);
  conversations.sort(byTime);
  messages.sort(byTime);
  return { teams, users, customers, conversations, messages };
}
