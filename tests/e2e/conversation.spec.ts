import { expect, test, type Browser, type Page } from '@playwright/test';

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sync-state')).toHaveText('Live');
  await expect(
    page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first(),
  ).toBeVisible();
  return page;
}

/** Opens a conversation by id, walking the (virtual) list with j until its row shows. */
async function open(page: Page, id: string) {
  for (let i = 0; i < 200 && (await page.locator(`#row-${id}`).count()) === 0; i++)
    await page.keyboard.press('j');
  await page.locator(`#row-${id}`).click();
  return page.getByRole('region', { name: /^Conversation: / });
}

const rowId = async (page: Page, n: number) =>
  (
    (await page
      .getByRole('listbox', { name: 'Conversations' })
      .getByRole('option')
      .nth(n)
      .getAttribute('id')) ?? ''
  ).replace(/^row-/, '');

test('a transfer with a handoff note: the next agent sees the note first', async ({ browser }) => {
  const ada = await signedIn(browser, 'ada@demo.test');
  const sam = await signedIn(browser, 'sam@demo.test');
  const id = await rowId(ada, 2);
  const pane = await open(ada, id);
  await pane.getByRole('button', { name: 'Assign or transfer…' }).click();
  const dialog = ada.getByRole('dialog', { name: /(Assign|Transfer) conversation/ });
  await dialog
    .getByRole('combobox', { name: 'Team' })
    .selectOption({ label: 'Billing & Accounts' });
  await expect(ada.getByRole('dialog', { name: 'Transfer conversation' })).toBeVisible();
  await dialog.getByRole('radio', { name: 'Sam Okafor' }).check();
  await dialog
    .getByLabel(/Handoff note/)
    .fill('She was double charged; refund approved, please confirm the card.');
  await dialog.getByRole('button', { name: 'Transfer' }).click();

  // Ada no longer has it; Sam has it, with the handoff pinned above the thread.
  await expect(ada.locator(`#row-${id}`)).toHaveCount(0);
  const samPane = await open(sam, id);
  const pinned = samPane.getByLabel('Handoff note');
  await expect(pinned).toContainText('refund approved, please confirm the card');
  await expect(pinned).toContainText('Handoff from Ada Lovelace');
  await expect(samPane.locator('.conv-facts')).toContainText('Assigned to Sam Okafor');
});

test('a note with an @mention, and the collision warning when a colleague replied meanwhile', async ({
  browser,
}) => {
  const ada = await signedIn(browser, 'ada@demo.test');
  const lin = await signedIn(browser, 'lin@demo.test');
  const id = await rowId(ada, 0);
  const adaPane = await open(ada, id);
  const linPane = await open(lin, id);

  // Note with a mention picked from the suggestions.
  await adaPane.getByRole('button', { name: 'Internal note' }).click();
  const note = adaPane.getByRole('combobox', { name: 'Internal note' });
  await note.pressSequentially('Can you check this? @Li');
  await expect(adaPane.getByRole('listbox', { name: 'Mention an agent' })).toContainText(
    'Lin Chen',
  );
  await note.press('Enter');
  await expect(note).toHaveValue('Can you check this? @Lin Chen ');
  await note.press('Control+Enter');
  await expect(
    linPane.getByRole('article').filter({ hasText: 'Can you check this? @Lin Chen' }),
  ).toBeVisible();

  // Ada starts a reply; Lin answers first; Ada is warned before sending.
  await adaPane.getByRole('button', { name: 'Reply', exact: true }).click();
  const reply = adaPane.getByRole('combobox', { name: 'Reply', exact: true });
  await reply.fill('Hi! I am looking into it now.');
  await linPane
    .getByRole('combobox', { name: 'Reply', exact: true })
    .fill('Sorted: your refund is on its way.');
  await linPane.getByRole('combobox', { name: 'Reply', exact: true }).press('Control+Enter');
  await expect(
    adaPane.getByRole('article').filter({ hasText: 'your refund is on its way' }),
  ).toBeVisible();
  await reply.press('Control+Enter');
  const warning = adaPane.getByRole('alert');
  await expect(warning).toContainText('Lin Chen replied while you were writing');
  await expect(reply).toHaveValue('Hi! I am looking into it now.');
  await warning.getByRole('button', { name: 'Send anyway' }).click();
  await expect(
    adaPane.getByRole('article').filter({ hasText: 'I am looking into it now.' }),
  ).toBeVisible();
  await expect(reply).toHaveValue('');
});

test('snooze: the conversation leaves the queue and comes back when the snooze ends', async ({
  browser,
}) => {
  // The snooze field has minute precision, so the wake-up is up to a minute and a bit away.
  test.setTimeout(180_000);
  const ada = await signedIn(browser, 'ada@demo.test');
  const id = await rowId(ada, 1);
  const pane = await open(ada, id);
  await pane.getByRole('button', { name: 'Status' }).click();
  const menu = ada.getByRole('menu', { name: 'Status' });
  // Truncated to the minute, so the wake-up lands between 5 and 65 seconds from now.
  const until = new Date(Date.now() + 65_000);
  const local = new Date(until.getTime() - until.getTimezoneOffset() * 60_000)
    .toISOString()
    .slice(0, 16);
  await menu.getByLabel('Snooze until').fill(local);
  await menu.getByRole('button', { name: 'Snooze' }).click();
  await expect(ada.locator(`#row-${id}`)).toHaveCount(0);
  const nav = ada.getByRole('navigation', { name: 'Workspace' });
  await nav.getByRole('button', { name: /^Snoozed/ }).click();
  await expect(ada.locator(`#row-${id}`)).toBeVisible();
  // The hub's wake-up job reopens it: it leaves the (short) Snoozed list live…
  await expect(ada.locator(`#row-${id}`)).toHaveCount(0, { timeout: 120_000 });
  // …and is open work again (the list is virtual: walk it to the row).
  await nav.getByRole('button', { name: /^All open/ }).click();
  const again = await open(ada, id);
  await expect(again.getByRole('button', { name: /^Status/ })).toContainText('Open');
});

test('a draft survives a reload', async ({ browser }) => {
  const ada = await signedIn(browser, 'ada@demo.test');
  const id = await rowId(ada, 3);
  const pane = await open(ada, id);
  await pane
    .getByRole('combobox', { name: 'Reply', exact: true })
    .fill('Half-written answer about the parcel');
  await ada.waitForTimeout(500);
  await ada.reload();
  const again = await open(ada, id);
  await expect(again.getByRole('combobox', { name: 'Reply', exact: true })).toHaveValue(
    'Half-written answer about the parcel',
  );
});
