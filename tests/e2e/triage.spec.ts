import { expect, test, type APIRequestContext } from '@playwright/test';

async function hubToken(request: APIRequestContext, email: string): Promise<string> {
  const login = await request.post('/api/v1/auth/login', {
    data: { email, password: 'promptly-demo' },
  });
  return ((await login.json()) as { token: string }).token;
}

interface Row {
  id: string;
  status: string;
  assigneeId: string | null;
}

async function hubConversations(request: APIRequestContext, token: string): Promise<Row[]> {
  const res = await request.get('/api/v1/conversations?limit=200', {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { items: Row[] }).items;
}

/** sam triages ten conversations without touching the mouse, and the hub holds the outcome. */
test('keyboard-only triage of ten conversations', async ({ page, request }) => {
  await page.goto('/');
  await page.getByLabel('Email').fill('sam@demo.test');
  await page.getByLabel('Password').fill('promptly-demo');
  await page.keyboard.press('Enter');
  await expect(page.locator('.sync-state')).toHaveText('Live');

  const token = await hubToken(request, 'sam@demo.test');
  const me = (await (
    await request.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { user: { id: string } };
  const before = new Map((await hubConversations(request, token)).map((r) => [r.id, r.status]));

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // g i: to "All open", sorted longest waiting first.
  await page.keyboard.press('g');
  await page.keyboard.press('i');
  await expect(page.getByRole('heading', { name: 'All open' })).toBeVisible();
  const list = page.getByRole('listbox', { name: 'Conversations' });

  // j opens the first; x picks it and j moves on: ten picked.
  await expect(list.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('j');
  const picked: string[] = [];
  for (let i = 0; i < 10; i++) {
    const current = list.locator('[role="option"][aria-selected="true"]');
    picked.push(((await current.getAttribute('id')) ?? '').replace(/^row-/, ''));
    await page.keyboard.press('x');
    await page.keyboard.press('j');
  }
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toContainText('10 selected');

  // a assigns all ten to sam; they stay in the view, now with sam as assignee.
  await page.keyboard.press('a');
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toHaveCount(0);

  // Then the first three are resolved one by one with e, each time moving to the next row.
  await page.keyboard.press('Escape');
  for (let i = 0; i < 3; i++) {
    await page.locator(`#row-${picked[i]}`).waitFor();
    // Walk to the row with k/j only.
    for (let step = 0; step < 30; step++) {
      const selected = await list
        .locator('[role="option"][aria-selected="true"]')
        .getAttribute('id')
        .catch(() => null);
      if (selected === `row-${picked[i]}`) break;
      await page.keyboard.press('k');
    }
    await expect(page.locator(`#row-${picked[i]}`)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('e');
    await expect(page.locator(`#row-${picked[i]}`)).toHaveCount(0);
  }

  // The hub holds it: ten assigned to sam, the first three resolved, the rest as they were.
  await expect
    .poll(async () => {
      const rows = new Map((await hubConversations(request, token)).map((r) => [r.id, r]));
      return picked.map((id) => {
        const r = rows.get(id);
        return r ? `${r.assigneeId === me.user.id ? 'sam' : 'other'}:${r.status}` : 'missing';
      });
    })
    .toEqual(picked.map((id, i) => `sam:${i < 3 ? 'resolved' : before.get(id)}`));
});

test('filters narrow the inbox and save as a named view that survives a reload', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Email').fill('lin@demo.test');
  await page.getByLabel('Password').fill('promptly-demo');
  await page.keyboard.press('Enter');
  await expect(page.locator('.sync-state')).toHaveText('Live');
  const count = page.getByLabel('Conversations in this view');
  await expect(count).not.toHaveText('');
  const all = Number(await count.textContent());

  await page.getByRole('button', { name: /^Filter/ }).click();
  const filters = page.getByRole('group', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: 'Email' }).check();
  await expect.poll(async () => Number(await count.textContent())).toBeLessThan(all);
  const emails = Number(await count.textContent());
  expect(emails).toBeGreaterThan(0);
  for (const row of await page.locator('.row .row-channel svg').all())
    await expect(row).toHaveAttribute('aria-label', 'Email');

  await filters.getByLabel('New view name').fill('Email queue');
  await filters.getByRole('button', { name: 'Save view' }).click();
  await expect(page.getByRole('heading', { name: 'Email queue' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Workspace' });
  await expect(nav.getByRole('button', { name: /Email queue/ })).toContainText(String(emails));

  await page.reload();
  await expect(nav.getByRole('button', { name: /Email queue/ })).toBeVisible();
  await nav.getByRole('button', { name: /Email queue/ }).click();
  await expect(count).toHaveText(String(emails));
});
