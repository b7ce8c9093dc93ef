import { isSandboxRefusal } from './support/console.ts';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const screenshots = resolve(import.meta.dirname, '../../resources/screenshots');

async function signIn(page: Page, email: string) {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(
    page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first(),
  ).toBeVisible();
}

const panelOf = (page: Page) => page.getByRole('complementary', { name: 'Customer' });

/**
 * Opens the first conversation in ada's inbox whose customer has a known time zone, a CSAT
 * answer and an earlier conversation, so every part of the panel has something to show.
 */
async function openRichConversation(page: Page): Promise<{ subject: string; customer: string }> {
  const rows = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option');
  for (let i = 0; i < 12; i++) {
    const row = rows.nth(i);
    const subject = (await row.locator('.row-subject').textContent()) ?? '';
    const customer = (await row.locator('.row-customer').textContent()) ?? '';
    await row.click();
    const panel = panelOf(page);
    await expect(panel.getByRole('heading', { level: 4, name: 'Last time' })).toBeVisible();
    const rich =
      (await panel.getByLabel('CSAT history').count()) > 0 &&
      (await panel.getByRole('button', { name: /^Open the previous conversation/ }).count()) > 0 &&
      !(await panel.getByText('Time zone unknown').isVisible());
    if (rich) return { subject, customer };
  }
  throw new Error('no conversation in the first rows has a customer with CSAT, a zone and history');
}

test('the customer panel: who, their clock, notes and preferences, promises, CSAT, last time', async ({
  page,
  browser,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !isSandboxRefusal(m.text())) errors.push(m.text());
  });
  await signIn(page, 'ada@demo.test');
  const { subject, customer } = await openRichConversation(page);
  const rowOf = (p: Page) =>
    p
      .getByRole('listbox', { name: 'Conversations' })
      .getByRole('option')
      .filter({ hasText: subject })
      .filter({ hasText: customer })
      .first();
  const panel = panelOf(page);

  // Who and how to reach them, and their clock with the zone's name.
  await expect(panel.getByLabel('Identities').getByText('Email')).toBeVisible();
  await expect(panel.getByRole('button', { name: /^Copy email / }).first()).toBeAttached();
  const clock = panel.getByLabel("Customer's local time");
  const zone = (await clock.locator('.cp-clock-zone').textContent()) ?? '';
  expect(zone).toMatch(/^[A-Za-z_]+\/[A-Za-z_/-]+$|^UTC$/);
  const shown = (await clock.locator('.cp-clock-time').textContent()) ?? '';
  const expected = [0, -60_000].map((d) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(Date.now() + d)),
  );
  expect(expected).toContain(shown);
  await expect(clock).toContainText(/ahead of you|behind you|same time as you/);
  await expect(panel.getByLabel('CSAT history')).toContainText(/\d\.\d/);

  // Notes: Esc cancels, Ctrl+Enter saves.
  const notes = 'Prefers a call after lunch, his time. Ask for the accounts team.';
  await panel.getByRole('button', { name: 'Edit notes' }).click();
  await panel.getByLabel('Customer notes').fill('thrown away');
  await panel.getByLabel('Customer notes').press('Escape');
  await expect(panel.getByText('thrown away')).toHaveCount(0);
  await panel.getByRole('button', { name: 'Edit notes' }).click();
  await panel.getByLabel('Customer notes').fill(notes);
  await panel.getByLabel('Customer notes').press('Control+Enter');
  await expect(panel.getByText(notes)).toBeVisible();

  // A preference, added with the keyboard.
  await panel.getByLabel('Add a like').fill('Calls after 2 pm');
  await panel.getByLabel('Add a like').press('Enter');
  await expect(panel.getByRole('list', { name: 'Likes' })).toContainText('Calls after 2 pm');

  // `c` promises a callback, on the customer's clock, showing the agent's other promises.
  await page.getByLabel('Messages').click();
  await page.keyboard.press('c');
  const dialog = page.getByRole('dialog', { name: 'Promise a callback' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`customer’s clock (${zone})`);
  await expect(
    dialog.getByRole('region', { name: 'Your other promises around then' }),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'Tomorrow 10:00' }).click();
  await expect(dialog.getByLabel('Time', { exact: true })).toHaveValue('10:00');
  const note = 'Call back about the refund once finance confirms';
  await dialog.getByLabel('Note', { exact: true }).fill(note);
  await dialog.getByRole('button', { name: 'Promise callback' }).click();
  await expect(dialog).toHaveCount(0);
  const open = panel
    .getByRole('list', { name: 'Open promises' })
    .getByRole('listitem')
    .filter({ hasText: note });
  await expect(open).toBeVisible();
  await expect(open).toContainText('10:00');
  await page.screenshot({ path: resolve(screenshots, 'customer-light.png') });

  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: resolve(screenshots, 'customer-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // Customer-supplied text is text: a hostile preference shows literally, runs nothing, and goes.
  const hostile = '<img src=x onerror="window.__pwned=1">';
  await panel.getByLabel('Add a thing to avoid').fill(hostile);
  await panel.getByLabel('Add a thing to avoid').press('Enter');
  await expect(panel.getByRole('list', { name: 'Avoid' })).toContainText(hostile);
  expect(await panel.locator('img').count()).toBe(0);
  await panel.getByRole('button', { name: `Remove thing to avoid: ${hostile}` }).click();
  await expect(panel.getByRole('list', { name: 'Avoid' })).not.toContainText(hostile);

  // The hub holds the edits: a fresh desktop (its own empty cache) sees them.
  const other = await browser.newContext();
  const second = await other.newPage();
  await signIn(second, 'ada@demo.test');
  await rowOf(second).click();
  await expect(panelOf(second).getByText(notes)).toBeVisible();
  await expect(panelOf(second).getByRole('list', { name: 'Likes' })).toContainText(
    'Calls after 2 pm',
  );
  await expect(
    panelOf(second)
      .getByRole('list', { name: 'Open promises' })
      .getByRole('listitem')
      .filter({ hasText: note }),
  ).toBeVisible();
  await other.close();

  // Completing the promise keeps it, and it moves to the kept list.
  await open.getByRole('button', { name: 'Complete' }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: note })).toHaveCount(1);
  await expect(panel.getByRole('list', { name: 'Kept promises' })).toContainText(note);

  // "Last time" opens the previous conversation.
  const last = panel.getByRole('button', { name: /^Open the previous conversation/ });
  const lastSubject = ((await last.getAttribute('aria-label')) ?? '').replace(
    'Open the previous conversation: ',
    '',
  );
  await last.click();
  await expect(
    page
      .getByRole('region', { name: `Conversation: ${lastSubject}` })
      .getByRole('heading', { level: 2 }),
  ).toHaveText(lastSubject);
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(customer);

  // The full timeline spans the customer's conversations and opens the one clicked.
  await panel.getByRole('button', { name: /^Full timeline/ }).click();
  const feed = panel.getByRole('feed');
  await expect(feed.getByRole('button').first()).toBeVisible();
  const escaped = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await feed
    .getByRole('button', { name: new RegExp(`, ${escaped}, \\d\\d:\\d\\d$`) })
    .first()
    .click();
  await expect(page.getByRole('region', { name: `Conversation: ${subject}` })).toBeVisible();

  // At 1024 px the thread keeps the room: the panel overlays on request and closes again.
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(panelOf(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Customer', exact: true }).click();
  await expect(panelOf(page)).toBeVisible();
  await panelOf(page).getByRole('button', { name: 'Hide customer panel' }).click();
  await expect(panelOf(page)).toHaveCount(0);

  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});
