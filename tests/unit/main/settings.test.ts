import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FileSystem } from '../../../src-main/main/atomic-file.ts';
import { DEFAULT_SETTINGS, openSettingsStore } from '../../../src-main/main/settings.ts';
import { createFakeLogger } from './fakes/log.ts';

// The settings service must not need Electron at all.
vi.mock('electron', () => {
  throw new Error('settings must not import electron');
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'promptly-settings-'));
  file = join(dir, 'settings.json');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const readJson = async () => JSON.parse(await fs.readFile(file, 'utf8')) as unknown;

describe('settings', () => {
  it('starts from defaults when there is no file, without creating one', async () => {
    const { log } = createFakeLogger();
    const store = await openSettingsStore({ filePath: file, log });
    expect(store.get()).toEqual({ serverUrl: null, firstRunDone: false, windowBounds: null });
    await expect(fs.access(file)).rejects.toThrow();
    expect(log.warn.mock.calls).toEqual([]);
  });

  it('recovers from a file that is not JSON: defaults, rewritten, and says so', async () => {
    await fs.writeFile(file, '{"serverUrl": "https://hub.exa');
    const { log, text } = createFakeLogger();
    const store = await openSettingsStore({ filePath: file, log });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(await readJson()).toEqual(DEFAULT_SETTINGS);
    expect(text('warn')).toMatch(/corrupt or invalid/);
  });

  it('keeps the valid fields of a partly invalid file and repairs the rest', async () => {
    await fs.writeFile(
      file,
      JSON.stringify({
        serverUrl: 'https://hub.example.com',
        firstRunDone: 'yes',
        windowBounds: { x: 0, y: 0, width: -5, height: 700, maximized: false },
      }),
    );
    const { log } = createFakeLogger();
    const store = await openSettingsStore({ filePath: file, log });
    const expected = {
      serverUrl: 'https://hub.example.com',
      firstRunDone: false,
      windowBounds: null,
    };
    expect(store.get()).toEqual(expected);
    expect(await readJson()).toEqual(expected);
  });

  it('rejects a server URL that is not http(s) on load', async () => {
    await fs.writeFile(
      file,
      JSON.stringify({ ...DEFAULT_SETTINGS, serverUrl: 'javascript:alert(1)' }),
    );
    const store = await openSettingsStore({ filePath: file, log: createFakeLogger().log });
    expect(store.get().serverUrl).toBeNull();
  });

  it('round-trips an update through a fresh store', async () => {
    const log = createFakeLogger().log;
    const store = await openSettingsStore({ filePath: file, log });
    const bounds = { x: 10, y: 20, width: 1200, height: 800, maximized: true };
    await store.update({ serverUrl: 'https://hub.example.com', windowBounds: bounds });
    await store.update({ firstRunDone: true });

    const reopened = await openSettingsStore({ filePath: file, log });
    expect(reopened.get()).toEqual({
      serverUrl: 'https://hub.example.com',
      firstRunDone: true,
      windowBounds: bounds,
    });
  });

  it('applies concurrent updates in order without losing fields', async () => {
    const store = await openSettingsStore({ filePath: file, log: createFakeLogger().log });
    await Promise.all([
      store.update({ serverUrl: 'https://a.example.com' }),
      store.update({ firstRunDone: true }),
      store.update({ serverUrl: 'https://b.example.com' }),
    ]);
    expect(await readJson()).toEqual({
      serverUrl: 'https://b.example.com',
      firstRunDone: true,
      windowBounds: null,
    });
  });

  it('refuses an invalid update and keeps the previous value', async () => {
    const store = await openSettingsStore({ filePath: file, log: createFakeLogger().log });
    await store.update({ serverUrl: 'https://ok.example.com' });
    await expect(store.update({ serverUrl: 'ftp://nope.example.com' })).rejects.toThrow();
    expect(store.get().serverUrl).toBe('https://ok.example.com');
    expect(await readJson()).toMatchObject({ serverUrl: 'https://ok.example.com' });
  });

  describe('atomic write', () => {
    it('writes through a temp file renamed over the target, leaving no temp files', async () => {
      const renames: [string, string][] = [];
      const spyFs: FileSystem = {
        ...fs,
        rename: async (from, to) => {
          renames.push([String(from), String(to)]);
          return fs.rename(from, to);
        },
      };
      const store = await openSettingsStore({
        filePath: file,
        log: createFakeLogger().log,
        fs: spyFs,
      });
      await store.update({ firstRunDone: true });

      expect(renames).toHaveLength(1);
      const [from, to] = renames[0]!;
      expect(to).toBe(file);
      expect(from).not.toBe(file);
      expect(from.startsWith(dir)).toBe(true);
      expect(await fs.readdir(dir)).toEqual(['settings.json']);
    });

    it('leaves the previous file intact when the write dies before the rename', async () => {
      const store = await openSettingsStore({ filePath: file, log: createFakeLogger().log });
      await store.update({ serverUrl: 'https://old.example.com' });
      const before = await fs.readFile(file, 'utf8');

      // A crash/full disk between writing the temp file and renaming it.
      const failingFs: FileSystem = {
        ...fs,
        rename: () =>
          Promise.reject(
            Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }),
          ),
      };
      const failing = await openSettingsStore({
        filePath: file,
        log: createFakeLogger().log,
        fs: failingFs,
      });
      await expect(failing.update({ serverUrl: 'https://new.example.com' })).rejects.toThrow(
        /ENOSPC/,
      );

      expect(await fs.readFile(file, 'utf8')).toBe(before);
      expect(failing.get().serverUrl).toBe('https://old.example.com');
      expect(await fs.readdir(dir)).toEqual(['settings.json']);
    });
  });
});
