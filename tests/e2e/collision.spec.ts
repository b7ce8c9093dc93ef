import { expect, test, type Browser, type Page } from '@playwright/test';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sync-state')).toHaveText('Live');
  return page;
}

test('two agents on one conversation see each other, the typing, and the reply live', async ({
  browser,
}) => {
  const ada = await signedIn(browser, 'ada@demo.test');
  const lin = await signedIn(browser, 'lin@demo.test');
  // A conversation both can see: ada's first row is a Support conversation, and lin leads Support.
  const row = ada.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first();
  const id = ((await row.getAttribute('id')) ?? '').replace(/^row-/, '');
  await row.click();
  // lin's list is virtual and longer (she leads two teams): walk it with j until the row shows.
  for (let i = 0; i < 200 && (await lin.locator(`#row-${id}`).count()) === 0; i++) {
    await lin.keyboard.press('j');
  }
  // Before lin opens it, her inbox row already shows that ada has it open.
  await expect(
    lin.locator(`#row-${id}`).getByRole('img', { name: 'Ada Lovelace is viewing' }),
  ).toBeVisible();
  await lin.locator(`#row-${id}`).click();

  await expect(lin.locator('.viewers')).toContainText('Ada Lovelace is viewing');
  await expect(ada.locator('.viewers')).toContainText('Lin Chen is viewing');

  await ada
    .getByRole('combobox', { name: 'Reply', exact: true })
    .fill('Checking with the warehouse now.');
  await expect(lin.locator('.viewers')).toContainText('Ada Lovelace is typing…');

  await ada.getByRole('combobox', { name: 'Reply', exact: true }).press('Control+Enter');
  await expect(
    lin.getByRole('article').filter({ hasText: 'Checking with the warehouse now.' }),
  ).toBeVisible();
  await expect(lin.locator('.viewers')).toContainText('Ada Lovelace is viewing');

  await ada.locator('.row').nth(1).click();
  await expect(lin.locator('.viewers')).toHaveCount(0);
  await expect(lin.locator(`#row-${id} .row-viewers`)).toHaveCount(0);
});
