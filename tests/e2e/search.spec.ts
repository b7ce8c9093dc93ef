import { expect, test, type Page } from '@playwright/test';

/** Picks search targets from what this desktop cached: a customer with email and phone, and a rare word. */
async function targets(page: Page) {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    const name = dbs.find((d) => (d.name ?? '').startsWith('promptly-'))?.name ?? '';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(new Error('open failed'));
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result as T[]);
      });
    type Customer = { id: string; name: string; email: string | null; phone: string | null };
    type Conversation = { id: string; customerId: string; subject: string; lastMessageAt: number };
    type Message = { conversationId: string; text: string; direction: string };
    const [customers, conversations, messages] = await Promise.all([
      all<Customer>('customers'),
      all<Conversation>('conversations'),
      all<Message>('messages'),
    ]);
    db.close();
    const withConversation = new Set(conversations.map((c) => c.customerId));
    const customer = customers.find(
      (c) => c.email && c.phone && withConversation.has(c.id) && /^[a-z]/i.test(c.email),
    )!;
    // A word whose 6-letter prefix starts no other word anywhere, in exactly one conversation.
    const where = new Map<string, Set<string>>();
    for (const m of messages) {
      for (const w of m.text.toLowerCase().match(/[a-z]{8,}/g) ?? []) {
        const prefix = w.slice(0, 6);
        where.set(prefix, (where.get(prefix) ?? new Set()).add(`${m.conversationId}|${w}`));
      }
    }
    const [prefix, hits] = [...where].find(([, set]) => set.size === 1)!;
    const [conversationId] = [...hits][0]!.split('|');
    const conversation = conversations.find((c) => c.id === conversationId)!;
    return { customer, prefix, subject: conversation.subject };
  });
}

test('searches the cache offline: customers by email and phone, messages by word prefix', async ({
  page,
  context,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.getByLabel('Email').fill('ada@demo.test');
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(
    page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first(),
  ).toBeVisible();
  await expect(page.locator('.sync-state')).toHaveText('Live', { timeout: 30_000 });
  const t = await targets(page);

  // No hub at all: the shell comes from the service worker and search from IndexedDB.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 20_000,
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('status')).toContainText('Offline');
  await expect(
    page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first(),
  ).toBeVisible();
  await page.keyboard.press('/');
  const dialog = page.getByRole('dialog', { name: 'Search customers and conversations' });
  await expect(dialog).toBeVisible();
  const box = dialog.getByRole('combobox', { name: 'Search' });
  await expect(box).toBeFocused();
  const results = dialog.getByRole('listbox', { name: 'Results' });

  // Part of the email address.
  await box.fill(t.customer.email!.slice(0, 6));
  await expect(
    results.getByRole('option').filter({ hasText: t.customer.name }).first(),
  ).toBeVisible();
  // The last four digits of the phone, typed with a space.
  const digits = t.customer.phone!.replace(/\D/g, '');
  await box.fill(`${digits.slice(-4, -2)} ${digits.slice(-2)}`);
  await expect(
    results.getByRole('option').filter({ hasText: t.customer.name }).first(),
  ).toBeVisible();

  // A word prefix from a message body: one conversation, its snippet highlighted.
  await box.fill(t.prefix);
  const hit = results.getByRole('option').filter({ hasText: t.subject });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark').first()).toHaveText(new RegExp(`^${t.prefix}$`, 'i'));
  const options = await results.getByRole('option').allTextContents();
  const index = options.findIndex((o) => o.includes(t.subject));
  for (let i = 0; i < index; i++) await box.press('ArrowDown');
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: t.subject })).toBeVisible();

  // Esc closes; the search button opens it again.
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(errors).toEqual([]);
});
