import { isSandboxRefusal } from './support/console.ts';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const screenshots = resolve(import.meta.dirname, '../../resources/screenshots');

async function signIn(page: Page, email: string) {
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the web workspace is served with a strict CSP', async ({ request }) => {
  const res = await request.get('/');
  expect(res.status()).toBe(200);
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
});

test('a wrong password shows an error and stays on the sign-in screen', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Email').fill('ada@demo.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
});

test('ada signs in, sees her inbox, opens a conversation, and still has it all offline', async ({
  page,
  context,
  request,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !isSandboxRefusal(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  await signIn(page, 'ada@demo.test');
  const rows = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option');
  await expect(rows.first()).toBeVisible();

  // "All open" holds exactly the active conversations the hub says ada may see.
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'ada@demo.test', password: 'promptly-demo' },
  });
  const { token } = (await login.json()) as { token: string };
  const list = await request.get('/api/v1/conversations?limit=200', {
    headers: { authorization: `Bearer ${token}` },
  });
  // A fresh desktop holds the last 90 days (older history is fetched when a customer is opened).
  const cutoff = Date.now() - 90 * 86_400_000;
  const { items: all } = (await list.json()) as {
    items: { id: string; subject: string; lastMessageAt: number; status: string }[];
  };
  const items = all.filter(
    (c) => c.lastMessageAt >= cutoff && (c.status === 'open' || c.status === 'pending'),
  );
  await expect(page.getByLabel('Conversations in this view')).toHaveText(String(items.length));
  await expect(page.locator('.sync-state')).toHaveText('Live');
  // The list is virtual: the DOM holds the rows on screen, not every conversation.
  expect(await rows.count()).toBeLessThanOrEqual(items.length);
  await page.getByLabel('Sort').selectOption('newest');
  await expect(rows.first().locator('.row-subject')).toHaveText(items[0]!.subject);
  await page.getByLabel('Sort').selectOption('longest_waiting');

  await expect(
    page.getByRole('navigation', { name: 'Workspace' }).getByText('Ada Lovelace'),
  ).toBeVisible();
  await page.screenshot({ path: resolve(screenshots, 'inbox-light.png') });

  // Open a conversation: its thread shows, with the customer's original question pinned.
  const second = rows.nth(1);
  const subject = (await second.locator('.row-subject').textContent()) ?? '';
  await second.click();
  await expect(second).toHaveAttribute('aria-selected', 'true');
  const pane = page.getByRole('region', { name: `Conversation: ${subject}` });
  await expect(pane.getByRole('heading', { name: subject })).toBeVisible();
  await expect(pane.getByLabel('Original question')).toBeVisible();
  const messages = pane.getByRole('article');
  await expect(messages.first()).toBeVisible();
  const messageCount = await messages.count();
  await page.screenshot({ path: resolve(screenshots, 'conversation-light.png') });
  expect(consoleErrors).toEqual([]);

  // The app shell is cached by the service worker before we cut the network.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 20_000,
  });

  // Opening the conversation fetched its customer's older history into the cache as well.
  await expect(page.locator('.sync-state')).toHaveText('Live');
  const count = page.getByLabel('Conversations in this view');
  const cached = (await count.textContent()) ?? '';
  expect(Number(cached)).toBeGreaterThanOrEqual(items.length);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('status')).toContainText('Offline');
  await expect(count).toHaveText(cached);
  await rows.filter({ hasText: subject }).first().click();
  await expect(pane.getByRole('heading', { name: subject })).toBeVisible();
  await expect(pane.getByRole('article')).toHaveCount(messageCount);

  // And it recovers by itself when the network returns.
  await context.setOffline(false);
  await expect(page.locator('.sync-state')).toHaveText('Live', { timeout: 20_000 });
  await expect(page.getByRole('status')).toHaveCount(0);
});

test('dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await signIn(page, 'ada@demo.test');
  const rows = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option');
  await expect(rows.first()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.screenshot({ path: resolve(screenshots, 'inbox-dark.png') });
  await rows.nth(2).click();
  await expect(page.getByLabel('Original question')).toBeVisible();
  await page.screenshot({ path: resolve(screenshots, 'conversation-dark.png') });
});
