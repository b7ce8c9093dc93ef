import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from '@playwright/test';

const executablePath =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
/** The flags this machine's closed network needs; extra flags are appended. */
const args = (extra: string[]) => [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  ...extra,
];

/**
 * Headless Chromium for the desktop benchmarks: Debian's build (Playwright cannot download its
 * own here). Its pages live in incognito-like contexts, whose storage quota is small and held in
 * memory: enough for the default scales.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: args(extraArgs) });
}

/**
 * Chromium with a real profile on disk, like the desktop's own: IndexedDB gets the disk-backed
 * quota, which the BENCH_SCALE=full figures (hundreds of MB of cache) need.
 */
export async function launchPersistentChromium(
  extraArgs: string[] = [],
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'promptly-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...(executablePath ? { executablePath } : {}),
    args: args(extraArgs),
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
