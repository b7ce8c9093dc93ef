import { expect, test, type Browser, type Page } from '@playwright/test';

async function signedIn(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sync-state')).toHaveText('Live');
  return page;
}

test('an admin adds a team and a user from the workspace; deactivating signs that user out', async ({
  browser,
}) => {
  const root = await signedIn(browser, 'root@demo.test', 'promptly-demo');
  await root.getByRole('button', { name: 'Users and teams' }).click();
  const admin = root.getByRole('region', { name: 'Administration' });
  await expect(admin.getByRole('cell', { name: 'Ada Lovelace ada@demo.test' })).toBeVisible();

  const teams = admin.getByRole('complementary', { name: 'Teams' });
  await teams.getByLabel('New team name').fill('Returns');
  await teams.getByRole('button', { name: 'Add team' }).click();
  await expect(teams.getByText('Returns', { exact: true })).toBeVisible();

  await admin.getByRole('button', { name: 'Add user' }).click();
  const dialog = root.getByRole('dialog', { name: 'Add a user' });
  await dialog.getByLabel('Name').fill('Noor Haddad');
  await dialog.getByLabel('Email').fill('noor@demo.test');
  await dialog.getByRole('checkbox', { name: 'Returns' }).check();
  // Too short: the hub's own rule, shown in the form, which stays open.
  await dialog.getByLabel('Password').fill('short');
  await dialog.getByLabel('Password').evaluate((el) => el.removeAttribute('minlength'));
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog.getByRole('alert')).toContainText('at least 10');
  await dialog.getByLabel('Password').fill('noor-password-1');
  await dialog.getByRole('button', { name: 'Add user' }).click();
  await expect(dialog).toHaveCount(0);
  const row = admin.getByRole('row', { name: /Noor Haddad/ });
  await expect(row).toContainText('Returns');
  await expect(row).toContainText('Active');
  await root.screenshot({ path: 'test-results/admin.png' });

  // The new agent can sign in at once.
  const noor = await signedIn(browser, 'noor@demo.test', 'noor-password-1');
  await expect(noor.getByRole('navigation', { name: 'Workspace' })).toContainText('Noor Haddad');

  // Deactivated: the account's live session ends, and the desktop returns to sign-in.
  await row.getByRole('button', { name: 'Edit Noor Haddad' }).click();
  const edit = root.getByRole('dialog', { name: 'Edit Noor Haddad' });
  await edit.getByLabel(/^Active/).uncheck();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(row).toContainText('Deactivated');
  await expect(noor.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 20_000 });
});
