import { expect, test, type Page } from '@playwright/test';
import { CANARY_HOST, HTML_PAYLOADS, TEXT_PAYLOADS } from './fixtures/xss-corpus.ts';

/**
 * Puts a hostile customer, conversation and messages straight into this desktop's cache, exactly
 * as the sync engine would store them, so every render path sees customer-controlled strings.
 */
async function plantCorpus(page: Page) {
  return page.evaluate(
    async ({ text, html }) => {
      const dbs = await indexedDB.databases();
      const name = dbs.find((d) => (d.name ?? '').startsWith('promptly-'))?.name;
      if (!name) throw new Error('no cache yet');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(new Error('open failed'));
      });
      const now = Date.now();
      const hex = (n: number) => n.toString(16).padStart(12, '0');
      const id = (n: number) =>
        `${hex(now).slice(0, 8)}-${hex(now).slice(8, 12)}-7abc-8abc-${hex(n)}`;
      const customerId = id(1);
      const conversationId = id(2);
      const teamId = (
        await new Promise<{ teamId: string }[]>((resolve) => {
          const r = db.transaction('conversations').objectStore('conversations').getAll(null, 1);
          r.onsuccess = () => resolve(r.result as { teamId: string }[]);
        })
      )[0]!.teamId;
      const tx = db.transaction(['customers', 'conversations', 'messages'], 'readwrite');
      tx.objectStore('customers').put({
        id: customerId,
        name: text.join(' '),
        email: `x@${text[2]}`,
        phone: text[0],
        timezone: null,
        company: text[1],
        notes: text.join('\n'),
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      const messages = [
        ...text.map((t, i) => ({ text: t, html: null, i })),
        ...html.map((h, i) => ({ text: 'see html', html: h, i: 100 + i })),
      ].map(({ text: t, html: h, i }) => ({
        id: id(1000 + i),
        conversationId,
        customerId,
        direction: 'inbound',
        channel: 'email',
        authorType: 'customer',
        authorId: null,
        authorName: t,
        text: t,
        html: h,
        attachments: [
          { id: `a${i}`, name: `${t}.pdf`, size: 1234, contentType: 'application/pdf' },
        ],
        call: null,
        deliveryStatus: 'received',
        createdAt: now - 60_000 + i,
      }));
      for (const m of messages) tx.objectStore('messages').put(m);
      tx.objectStore('conversations').put({
        id: conversationId,
        customerId,
        channel: 'email',
        subject: text.join(' '),
        status: 'open',
        priority: 'urgent',
        tags: [],
        teamId,
        assigneeId: null,
        firstMessageId: messages[0]!.id,
        preview: text.join(' ').slice(0, 300),
        lastMessageAt: now,
        waitingSince: now - 100 * 86_400_000,
        createdAt: now - 60_000,
        updatedAt: now,
        version: 1,
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error('write failed'));
      });
      db.close();
      return conversationId;
    },
    { text: TEXT_PAYLOADS, html: HTML_PAYLOADS },
  );
}

test('an XSS corpus in names, subjects, bodies, email HTML and attachment names runs nothing', async ({
  page,
}) => {
  const dialogs: string[] = [];
  const canary: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url().includes(CANARY_HOST) || r.url().startsWith('javascript:')) canary.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('/');
  await page.getByLabel('Email').fill('ada@demo.test');
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sync-state')).toHaveText('Live');
  await expect(
    page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first(),
  ).toBeVisible();
  const conversationId = await plantCorpus(page);
  // Written behind Dexie's back, so no live query knows: a reload reads the cache afresh.
  await page.reload();

  // Longest waiting first: the planted conversation (waiting 100 days) tops "All open".
  const row = page.locator(`#row-${conversationId}`);
  await expect(row).toBeVisible();
  await row.click();
  const pane = page.getByRole('region', { name: /^Conversation: / });
  await expect(pane.getByRole('article')).toHaveCount(TEXT_PAYLOADS.length + HTML_PAYLOADS.length);
  await expect(pane.locator('iframe.email-frame')).toHaveCount(HTML_PAYLOADS.length);
  // Text shows as text: the script tag is visible characters, not an element.
  await expect(pane.getByText(TEXT_PAYLOADS[0]!, { exact: true }).first()).toBeVisible();

  // Allowing remote images in one email may fetch images, but never runs anything.
  const first = pane.getByRole('button', { name: 'Show images' }).first();
  if (await first.count()) await first.click();
  // Quoted history (with its own payload) is shown on request: every email's, here.
  for (const quoted of await pane.getByRole('button', { name: /Show quoted text/ }).all())
    await quoted.click();
  await page.waitForTimeout(1_000);

  const pwned = await page.evaluate(() => {
    const found: unknown[] = [(window as { __pwned?: unknown }).__pwned];
    for (const f of document.querySelectorAll('iframe')) {
      try {
        found.push((f.contentWindow as { __pwned?: unknown } | null)?.__pwned);
      } catch {
        found.push('unreadable frame');
      }
    }
    return found.filter((x) => x !== undefined);
  });
  expect(pwned).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
  // Remote images were allowed for one email only, by the agent: nothing else reached the canary.
  expect(canary.filter((u) => !u.endsWith('/pixel.gif') && !u.endsWith('/bg'))).toEqual([]);
});
