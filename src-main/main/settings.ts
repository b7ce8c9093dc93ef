import { z } from 'zod';
import { ServerUrl } from '#shared/contracts/ipc.ts';
import {
  type FileSystem,
  readFileIfExists,
  realFileSystem,
  writeFileAtomic,
} from './atomic-file.ts';
import type { Logger } from './log.ts';

export const WindowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof WindowBounds>;

export const Settings = z.object({
  /** null = run the embedded hub on this machine. */
  serverUrl: ServerUrl.nullable(),
  /** Set once the embedded hub has come up with `--demo`, so the demo is seeded only once. */
  firstRunDone: z.boolean(),
  windowBounds: WindowBounds.nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  serverUrl: null,
  firstRunDone: false,
  windowBounds: null,
});

/**
 * Salvages field by field: a bad window size must not also forget the team's server URL or re-seed
 * the demo. Anything that is not an object at all falls back to the defaults wholesale.
 */
const SalvagedSettings = z
  .object({
    serverUrl: Settings.shape.serverUrl.catch(DEFAULT_SETTINGS.serverUrl),
    firstRunDone: Settings.shape.firstRunDone.catch(DEFAULT_SETTINGS.firstRunDone),
    windowBounds: Settings.shape.windowBounds.catch(DEFAULT_SETTINGS.windowBounds),
  })
  .catch(() => ({ ...DEFAULT_SETTINGS }));

export interface SettingsStore {
  /** The last successfully persisted settings. */
  get(): Settings;
  /** Merges, validates and persists. Updates are applied one at a time, in call order. */
  update(patch: Partial<Settings>): Promise<Settings>;
}

export interface SettingsDeps {
  filePath: string;
  log: Logger;
  fs?: FileSystem;
}

/** Loads `settings.json`; a missing, corrupt or invalid file never stops the app from starting. */
export async function openSettingsStore({
  filePath,
  log,
  fs = realFileSystem,
}: SettingsDeps): Promise<SettingsStore> {
  const persist = (settings: Settings) =>
    writeFileAtomic(fs, filePath, `${JSON.stringify(settings, null, 2)}\n`);

  let current = await load();
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Settings> {
    let raw: Buffer | null;
    try {
      raw = await readFileIfExists(fs, filePath);
    } catch (err) {
      log.error(`cannot read ${filePath}; using defaults for this run`, err);
      return { ...DEFAULT_SETTINGS };
    }
    if (raw === null) return { ...DEFAULT_SETTINGS };

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      json = undefined;
    }
    if (Settings.safeParse(json).success) return Settings.parse(json);

    const salvaged = SalvagedSettings.parse(json);
    log.warn(`${filePath} was corrupt or invalid; rewrote it with defaults for the bad fields`);
    await persist(salvaged).catch((err: unknown) => log.error('cannot rewrite settings', err));
    return salvaged;
  }

  return {
    get: () => current,
    update(patch) {
      // Read-modify-write inside the queue so two quick updates cannot lose each other's fields.
      const done = queue.then(async () => {
        const next = Settings.parse({ ...current, ...patch });
        await persist(next);
        current = next;
        return next;
      });
      queue = done.catch(() => undefined);
      return done;
    },
  };
}
