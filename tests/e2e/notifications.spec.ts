import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { formatUuidV7 } from '../../src-shared/logic/ids.ts';

/**
 * Mentions reach the mentioned agent as a browser notification, in the bell's count and in the
 * notification center; do-not-disturb keeps them out of sight but in the center.
 *
 * Lin acts through the hub's public socket API (sign in over REST, then `mutate` on /agent), the
 * same calls the workspace makes: the composer has no mention picker yet.
 */

const uuid = () => formatUuidV7(Date.now(), randomBytes(10));

/** Records every notification the page shows, and keeps the last one to click. */
function captureNotifications() {
  const Real = window.Notification;
  const shown: Array<{ title: string; body: string; tag: string }> = [];
  const instances: Notification[] = [];
  class Captured extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
      instances.push(this);
    }
  }
  Object.assign(window, { __shown: shown, __instances: instances });
  window.Notification = Captured;
}

/** Mentions shown so far (the demo's missed-callback job may add notifications of its own). */
const shown = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { __shown: Array<{ title: string }> }).__shown.filter((n) =>
      n.title.endsWith('mentioned you'),
    ),
  );

async function expectUnread(page: Page, count: number) {
  const badge = page.getByTestId('notification-count');
  if (count === 0) await expect(badge).toHaveCount(0);
  else await expect(badge).toHaveText(String(count));
}

async function signedIn(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['notifications'], { origin: baseURL });
  await context.addInitScript(captureNotifications);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sync-state')).toHaveText('Live');
  return page;
}

async function connectAs(baseURL: string, email: string): Promise<Socket> {
  const res = await fetch(new URL('/api/v1/auth/login', baseURL), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'promptly-demo' }),
  });
  expect(res.ok).toBe(true);
  const { token } = (await res.json()) as { token: string };
  const socket = io(new URL('/agent', baseURL).toString(), {
    transports: ['websocket'],
    auth: { token },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

async function mention(socket: Socket, conversationId: string, userId: string, text: string) {
  const ack = (await socket.timeout(10_000).emitWithAck('mutate', {
    id: uuid(),
    name: 'conversation.note',
    args: { conversationId, messageId: uuid(), text, mentions: [userId] },
  })) as { ok: boolean };
  expect(ack).toMatchObject({ ok: true });
}

test('a mention notifies once, opens the conversation on click, and respects do-not-disturb', async ({
  browser,
  baseURL,
}) => {
  const ada = await signedIn(browser, baseURL!, 'ada@demo.test');
  const adaId = await ada.evaluate(
    () =>
      (JSON.parse(localStorage.getItem('promptly.session') ?? '{}') as { userId: string }).userId,
  );
  // ada's first row is a Support conversation, and lin leads Support.
  const rows = ada.getByRole('listbox', { name: 'Conversations' }).getByRole('option');
  const first = ((await rows.first().getAttribute('id')) ?? '').replace(/^row-/, '');
  const second = ((await rows.nth(1).getAttribute('id')) ?? '').replace(/^row-/, '');
  // The demo data has notifications from before this session: none of them pops up.
  const bell = ada.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toBeVisible();
  expect(await shown(ada)).toEqual([]);
  const badge = ada.getByTestId('notification-count');
  const before = (await badge.count()) ? Number(await badge.textContent()) : 0;

  const lin = await connectAs(baseURL!, 'lin@demo.test');
  try {
    // 1. A mention pops up a browser notification; clicking it opens the conversation.
    await mention(lin, first, adaId, 'Ada, can you take this one?');
    await expect
      .poll(() => shown(ada))
      .toEqual([{ title: 'Lin Chen mentioned you', body: 'In an internal note.', tag: first }]);
    await expectUnread(ada, before + 1);
    await ada.evaluate(() => {
      const list = (window as unknown as { __instances: Notification[] }).__instances;
      list[list.length - 1]!.dispatchEvent(new Event('click'));
    });
    await expect(ada.locator(`#row-${first}`)).toHaveAttribute('aria-selected', 'true');
    await expect(ada.getByRole('region', { name: /^Conversation:/ })).toBeVisible();
    await expectUnread(ada, before);

    // 2. The center lists it; an unread one opens from there, by keyboard, and is marked read.
    await mention(lin, second, adaId, 'And this one, please.');
    await expect.poll(async () => (await shown(ada)).length).toBe(2);
    await bell.focus();
    await ada.keyboard.press('Enter');
    const center = ada.getByRole('dialog', { name: 'Notifications' });
    await expect(center).toBeVisible();
    const newest = center.getByRole('button', { name: /^Unread: Lin Chen mentioned you/ }).first();
    await expect(newest).toBeFocused();
    await ada.keyboard.press('Enter');
    await expect(center).toBeHidden();
    await expect(ada.locator(`#row-${second}`)).toHaveAttribute('aria-selected', 'true');
    await expectUnread(ada, before);

    // 3. Do not disturb: nothing pops up, but the center and the count still collect it.
    await bell.click();
    await center.getByRole('switch', { name: 'Do not disturb' }).check();
    await ada.keyboard.press('Escape');
    await expect(center).toBeHidden();
    await expect(bell).toBeFocused();
    await expect(bell).toHaveAccessibleName(/do not disturb is on/);
    await mention(lin, first, adaId, 'Quiet one.');
    await expectUnread(ada, before + 1);
    await bell.click();
    await expect(center.getByRole('listitem').first().getByRole('button')).toHaveAccessibleName(
      /^Unread: Lin Chen mentioned you/,
    );
    await ada.waitForTimeout(500);
    expect(await shown(ada)).toHaveLength(2);

    // 4. Mark all read clears the count; a reload replays nothing.
    await center.getByRole('button', { name: 'Mark all read' }).click();
    await expectUnread(ada, 0);
    await center.getByRole('switch', { name: 'Do not disturb' }).uncheck();
    await ada.reload();
    await expect(ada.locator('.sync-state')).toHaveText('Live');
    await ada.waitForTimeout(500);
    expect(await shown(ada)).toEqual([]);
  } finally {
    lin.disconnect();
  }
});
