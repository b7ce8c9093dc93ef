import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** Serious and critical violations on a screen, as "rule: target" lines (empty when clean). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    // Email bodies are the sender's own markup, shown as sent inside a sandboxed frame.
    .exclude('iframe.email-frame')
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary ?? ''}`));
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violations on sign-in, inbox, conversation and customer (${scheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Email').fill('ada@demo.test');
    await page.getByLabel('Password').fill('promptly-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const rows = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option');
    await expect(rows.first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await rows.nth(1).click();
    await expect(page.getByLabel('Original question')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    const customer = page.getByRole('button', { name: 'Customer', exact: true });
    if ((await customer.getAttribute('aria-pressed')) !== 'true') await customer.click();
    await expect(page.locator('#customer-panel')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}
