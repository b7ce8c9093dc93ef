import type { DesktopApi } from '#shared/contracts/ipc.ts';
import { desktopPlatform } from './desktop.ts';
import { webPlatform } from './web.ts';
import type { Platform } from './types.ts';

export type { Platform } from './types.ts';

declare global {
  interface Window {
    desktop?: DesktopApi;
  }
}

/** The only place that reads window.desktop; everything else asks for `platform`. */
export const platform: Platform = window.desktop ? desktopPlatform(window.desktop) : webPlatform;
