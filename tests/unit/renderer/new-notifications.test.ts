import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notification } from '#shared/domain/notification.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';
import {
  CATCH_UP_MS,
  LOOKBACK_MS,
  MAX_BURST,
  pickNew,
  toRequests,
  type NotifiedMark,
} from '../../../src-renderer/features/notifications/new-notifications.ts';
import { claimNew } from '../../../src-renderer/features/notifications/claim.ts';
import {
  DEFAULT_NOTIFY_SETTINGS,
  parseNotifySettings,
} from '../../../src-renderer/app/notify-settings.ts';
import { openDb, readMeta, type PromptlyDb } from '../../../src-renderer/data/db.ts';

let n = 0;
const uid = () => formatUuidV7(1_700_000_000_000 + ++n, new Uint8Array(10).fill(n % 256));
const ME = uid();
const SOMEONE_ELSE = uid();
const START = 1_800_000_000_000;

const note = (createdAt: number, over: Partial<Notification> = {}): Notification =>
  ({
    id: uid(),
    userId: ME,
    kind: 'mention',
    title: 'Lin Chen mentioned you',
    body: 'In an internal note.',
    refs: { conversationId: uid() },
    createdAt,
    readAt: null,
    ...over,
  }) as Notification;

const ids = (list: Notification[]) => list.map((x) => x.id);

describe('which notifications are new', () => {
  it('a fresh desktop shows nothing from before its session, even 200 of them', () => {
    const backlog = Array.from({ length: 200 }, (_, i) => note(START - 1 - i * 1000));
    const atStart = note(START);
    const later = note(START + 5);
    const { fresh, mark } = pickNew({
      candidates: [...backlog, atStart, later],
      userId: ME,
      mark: null,
      sessionStart: START,
    });
    expect(ids(fresh)).toEqual([later.id]);
    expect(mark).toEqual({
      since: START,
      at: START + 5,
      seen: [{ id: later.id, createdAt: START + 5 }],
    });
  });

  it('shows each one once, oldest first, however often it is asked', () => {
    const a = note(START + 20);
    const b = note(START + 10);
    const first = pickNew({ candidates: [a, b], userId: ME, mark: null, sessionStart: START });
    expect(ids(first.fresh)).toEqual([b.id, a.id]);
    const again = pickNew({
      candidates: [a, b],
      userId: ME,
      mark: first.mark,
      sessionStart: START,
    });
    expect(again.fresh).toEqual([]);
    expect(again.mark).toEqual(first.mark);
  });

  it('skips other users’ records and ones already read elsewhere, but remembers the read ones', () => {
    const theirs = note(START + 1, { userId: SOMEONE_ELSE as Notification['userId'] });
    const readElsewhere = note(START + 2, { readAt: START + 3 });
    const mine = note(START + 4);
    const { fresh, mark } = pickNew({
      candidates: [theirs, readElsewhere, mine],
      userId: ME,
      mark: null,
      sessionStart: START,
    });
    expect(ids(fresh)).toEqual([mine.id]);
    expect(mark.seen.map((s) => s.id)).toEqual([readElsewhere.id, mine.id]);
  });

  it('still shows a record that lands late with an older timestamp (another hub node’s clock)', () => {
    const newer = note(START + 30_000);
    const first = pickNew({ candidates: [newer], userId: ME, mark: null, sessionStart: START });
    const late = note(START + 29_000);
    const second = pickNew({
      candidates: [newer, late],
      userId: ME,
      mark: first.mark,
      sessionStart: START,
    });
    expect(ids(second.fresh)).toEqual([late.id]);
    // Far behind the mark it is no longer news.
    const tooLate = note(START + 30_000 - LOOKBACK_MS - 1);
    expect(
      pickNew({ candidates: [tooLate], userId: ME, mark: second.mark, sessionStart: START }).fresh,
    ).toEqual([]);
  });

  it('never reaches back before the first session, even within the lookback window', () => {
    const first = pickNew({ candidates: [], userId: ME, mark: null, sessionStart: START });
    expect(first.mark).toEqual({ since: START, at: START, seen: [] });
    const justBefore = note(START - 10);
    expect(
      pickNew({ candidates: [justBefore], userId: ME, mark: first.mark, sessionStart: START + 5 })
        .fresh,
    ).toEqual([]);
  });

  it('a reload catches up on what arrived meanwhile; a week away does not replay the week', () => {
    const mark: NotifiedMark = { since: START - 1e9, at: START - 60_000, seen: [] };
    const whileReloading = note(START - 2_000);
    expect(
      ids(pickNew({ candidates: [whileReloading], userId: ME, mark, sessionStart: START }).fresh),
    ).toEqual([whileReloading.id]);

    const weekOld: NotifiedMark = { since: START - 1e10, at: START - 7 * 86_400_000, seen: [] };
    const duringTheWeek = note(START - 86_400_000);
    const lastMinutes = note(START - CATCH_UP_MS + 1_000);
    const { fresh, mark: next } = pickNew({
      candidates: [duringTheWeek, lastMinutes],
      userId: ME,
      mark: weekOld,
      sessionStart: START,
    });
    expect(ids(fresh)).toEqual([lastMinutes.id]);
    expect(next.since).toBe(weekOld.since);
  });

  it('keeps the seen list to the lookback window', () => {
    let mark: NotifiedMark | null = null;
    for (let i = 1; i <= 50; i++) {
      mark = pickNew({
        candidates: [note(START + i * 10_000)],
        userId: ME,
        mark,
        sessionStart: START,
      }).mark;
    }
    expect(mark!.seen.length).toBeLessThanOrEqual(LOOKBACK_MS / 10_000);
    expect(mark!.at).toBe(START + 500_000);
  });
});

describe('what goes on screen', () => {
  it('one request per notification, pointing at its conversation', () => {
    const a = note(START + 1);
    expect(toRequests([a])).toEqual([
      { title: a.title, body: a.body, conversationId: a.refs.conversationId },
    ]);
    expect(toRequests([])).toEqual([]);
  });

  it('a burst becomes one summary', () => {
    const burst = Array.from({ length: MAX_BURST + 1 }, (_, i) => note(START + i));
    expect(toRequests(burst)).toEqual([
      { title: `${MAX_BURST + 1} new notifications`, body: 'Open Promptly to see them.' },
    ]);
    expect(toRequests(burst.slice(0, MAX_BURST))).toHaveLength(MAX_BURST);
  });
});

describe('claiming on a real Dexie database', () => {
  let db: PromptlyDb;
  afterEach(async () => {
    db?.close();
    await db?.delete();
  });

  it('stores the mark, so a second tab or a reload never shows the same one again', async () => {
    db = openDb(`notify-claim-${uid()}`);
    const old = note(START - 5_000);
    const fresh = note(START + 1_000);
    await db.notifications.bulkPut([old, fresh]);

    const [tabA, tabB] = await Promise.all([claimNew(db, ME, START), claimNew(db, ME, START + 1)]);
    expect([...ids(tabA), ...ids(tabB)]).toEqual([fresh.id]);
    expect((await readMeta(db, 'notifiedUpTo'))?.at).toBe(START + 1_000);

    // A reload: a new session start, the same database.
    expect(await claimNew(db, ME, START + 2_000)).toEqual([]);
    const next = note(START + 3_000);
    await db.notifications.put(next);
    expect(ids(await claimNew(db, ME, START + 2_000))).toEqual([next.id]);
  });
});

describe('notification settings', () => {
  it('reads stored settings and falls back field by field on anything else', () => {
    expect(parseNotifySettings(null)).toEqual(DEFAULT_NOTIFY_SETTINGS);
    expect(parseNotifySettings('{not json')).toEqual(DEFAULT_NOTIFY_SETTINGS);
    expect(parseNotifySettings('"a string"')).toEqual(DEFAULT_NOTIFY_SETTINGS);
    expect(
      parseNotifySettings(JSON.stringify({ doNotDisturb: true, sound: 'loud', system: false })),
    ).toEqual({ doNotDisturb: true, sound: false, system: false });
  });
});
