import { expect, test, type Page } from '@playwright/test';

/** Deterministic chaos: the same toggles and reloads on every run, so a failure reproduces. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOTAL = Number(process.env.OUTBOX_E2E_REPLIES ?? 1000);

async function openConversation(page: Page, id: string) {
  const row = page.locator(`#row-${id}`);
  // The list is virtual and a reply moves the conversation down the "longest waiting" order:
  // walk it with j until the row is on screen.
  await expect(
    page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first(),
  ).toBeVisible();
  for (let i = 0; i < 200 && (await row.count()) === 0; i++) await page.keyboard.press('j');
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
}

test(`${TOTAL} replies survive random offline periods and reloads: exactly once each, in order`, async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(600_000);
  const random = prng(20261124);
  await page.goto('/');
  await page.getByLabel('Email').fill('ada@demo.test');
  await page.getByLabel('Password').fill('promptly-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const first = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first();
  await expect(first).toBeVisible();
  const id = ((await first.getAttribute('id')) ?? '').replace(/^row-/, '');
  await openConversation(page, id);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 20_000,
  });

  let offline = false;
  let reloads = 0;
  let toggles = 0;
  const composer = page.getByRole('combobox', { name: 'Reply', exact: true });
  const started = Date.now();
  for (let i = 0; i < TOTAL; i++) {
    await composer.fill(`reply #${i}`);
    await composer.press('Control+Enter');
    // Cleared only after the reply and its outbox row are committed to IndexedDB. Waiting in the
    // page (not by polling from the test) keeps 1,000 iterations fast.
    await page.waitForFunction(
      () => document.querySelector<HTMLTextAreaElement>('.composer-input')?.value === '',
    );
    if (process.env.OUTBOX_E2E_TRACE && i % 100 === 0)
      console.log(`reply ${i} at ${Date.now() - started} ms`);
    const roll = random();
    if (roll < 0.03) {
      offline = !offline;
      toggles++;
      await context.setOffline(offline);
    } else if (roll < 0.04) {
      reloads++;
      await page.reload();
      await openConversation(page, id);
    }
  }
  await context.setOffline(false);
  await expect(page.getByTestId('outbox-pending')).toHaveCount(0, { timeout: 240_000 });
  // The chaos really happened: the network went away and came back, and the page reloaded.
  expect(toggles).toBeGreaterThanOrEqual(Math.floor(TOTAL / 100));
  expect(reloads).toBeGreaterThanOrEqual(Math.floor(TOTAL / 300));

  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'ada@demo.test', password: 'promptly-demo' },
  });
  const { token } = (await login.json()) as { token: string };
  const res = await request.get(`/api/v1/conversations/${id}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(200);
  const { messages } = (await res.json()) as { messages: { text: string; direction: string }[] };
  const numbers = messages.flatMap((m) => {
    const match = /^reply #(\d+)$/.exec(m.text);
    return match && m.direction === 'outbound' ? [Number(match[1])] : [];
  });
  expect(numbers).toHaveLength(TOTAL);
  expect(new Set(numbers).size).toBe(TOTAL);
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
});
