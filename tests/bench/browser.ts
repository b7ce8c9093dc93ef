import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

/**
 * Headless Chromium for the desktop benchmarks: Debian's build (Playwright cannot download its
 * own here), with the flags this machine's closed network needs. Extra flags are appended.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath =
    process.env.CHROMIUM_PATH ??
    (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  return chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
