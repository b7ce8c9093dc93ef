import { z } from 'zod';

/**
 * How this device tells its agent about new notifications. Per device, not per account: do not
 * disturb on the laptop in a meeting says nothing about the desk machine.
 */
export const NotifySettings = z.object({
  /** Silences pop-ups and sound; the notification center still collects everything. */
  doNotDisturb: z.boolean().catch(false),
  sound: z.boolean().catch(false),
  /** Native (desktop) or browser notifications; the browser also needs its permission. */
  system: z.boolean().catch(true),
});
export type NotifySettings = z.infer<typeof NotifySettings>;

export const DEFAULT_NOTIFY_SETTINGS: NotifySettings = {
  doNotDisturb: false,
  sound: false,
  system: true,
};

const KEY = 'promptly.notify-settings';

/** A corrupt or foreign value falls back field by field to the defaults. */
export function parseNotifySettings(raw: string | null): NotifySettings {
  if (raw === null) return DEFAULT_NOTIFY_SETTINGS;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return DEFAULT_NOTIFY_SETTINGS;
  }
  const parsed = NotifySettings.safeParse(json);
  return parsed.success ? parsed.data : DEFAULT_NOTIFY_SETTINGS;
}

export function loadNotifySettings(): NotifySettings {
  if (typeof localStorage === 'undefined') return DEFAULT_NOTIFY_SETTINGS;
  return parseNotifySettings(localStorage.getItem(KEY));
}

export function saveNotifySettings(settings: NotifySettings): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Storage full or disabled: the choice still holds for this session.
  }
}
