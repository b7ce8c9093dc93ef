import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubConnection } from '#shared/contracts/ipc.ts';
import { createHubConnectionService } from '../../../src-main/main/hub/hub-connection.ts';
import {
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsStore,
} from '../../../src-main/main/settings.ts';
import { createFakeUtilityProcessModule, type FakeUtilityProcess } from './fakes/electron.ts';
import { createFakeLogger } from './fakes/log.ts';

vi.mock('electron', () => {
  throw new Error('the hub launcher must get utilityProcess.fork injected');
});

function memorySettings(
  initial: Partial<Settings> = {},
): SettingsStore & { updates: Partial<Settings>[] } {
  let current: Settings = { ...DEFAULT_SETTINGS, ...initial };
  const updates: Partial<Settings>[] = [];
  return {
    updates,
    get: () => current,
    update: (patch) => {
      updates.push(patch);
      current = { ...current, ...patch };
      return Promise.resolve(current);
    },
  };
}

const timing = {
  startupTimeoutMs: 30_000,
  backoffMs: [1_000, 2_000, 4_000],
  maxRestarts: 3,
  stableAfterMs: 60_000,
  shutdownGraceMs: 5_000,
};

function setup(initial: Partial<Settings> = {}) {
  const settings = memorySettings(initial);
  const utility = createFakeUtilityProcessModule();
  const changes: HubConnection[] = [];
  const logger = createFakeLogger();
  const hub = createHubConnectionService({
    settings,
    fork: utility.fork,
    hubModulePath: '/app/out/main/hub.js',
    dataDir: '/profile/hub-data',
    onChange: (c) => changes.push(c),
    log: logger.log,
    timing,
  });
  const child = (i: number): FakeUtilityProcess => {
    const c = utility.children[i];
    if (!c) throw new Error(`no child #${i}; forked ${utility.children.length}`);
    return c;
  };
  return { hub, settings, utility, changes, child, ...logger };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('embedded hub launcher', () => {
  it('forks out/main/hub.js as a utility process with the documented arguments', () => {
    const { hub, utility } = setup({ firstRunDone: true });
    hub.start();

    expect(utility.fork).toHaveBeenCalledTimes(1);
    expect(utility.fork).toHaveBeenCalledWith(
      '/app/out/main/hub.js',
      ['--data', '/profile/hub-data', '--port', '0', '--host', '127.0.0.1'],
      { serviceName: 'Promptly hub', stdio: 'pipe' },
    );
    expect(hub.current()).toEqual({ url: '', embedded: true, state: 'starting', error: null });
  });

  it('becomes ready with the URL the hub posts, and tells the windows', () => {
    const { hub, child, changes } = setup({ firstRunDone: true });
    hub.start();
    child(0).postToParent({ type: 'ready', url: 'http://127.0.0.1:51234' });

    const ready = { url: 'http://127.0.0.1:51234', embedded: true, state: 'ready', error: null };
    expect(hub.current()).toEqual(ready);
    expect(changes.at(-1)).toEqual(ready);
  });

  it('ignores malformed messages from the child', () => {
    const { hub, child, text } = setup({ firstRunDone: true });
    hub.start();
    child(0).postToParent({ type: 'ready', url: 'file:///etc/passwd' });
    child(0).postToParent('ready');
    expect(hub.current().state).toBe('starting');
    expect(text('warn')).toMatch(/unexpected message/);
  });

  it('passes --demo on the first run only, and records the first run once the hub is up', () => {
    const { hub, child, settings } = setup({ firstRunDone: false });
    hub.start();
    expect(child(0).args).toContain('--demo');
    expect(settings.get().firstRunDone).toBe(false);

    child(0).postToParent({ type: 'ready', url: 'http://127.0.0.1:5000' });
    expect(settings.get().firstRunDone).toBe(true);

    // A later crash restarts without --demo: the demo is already seeded.
    child(0).exit(1);
    vi.advanceTimersByTime(1_000);
    expect(child(1).args).not.toContain('--demo');
  });

  it('keeps --demo for a restart when the first start crashed before seeding', () => {
    const { hub, child, settings } = setup({ firstRunDone: false });
    hub.start();
    child(0).exit(1);
    vi.advanceTimersByTime(1_000);
    expect(child(1).args).toContain('--demo');
    expect(settings.updates).toEqual([]);
  });

  it('restarts an unexpectedly exited hub with growing backoff, then gives up with an error', () => {
    const { hub, utility, child, changes } = setup({ firstRunDone: true });
    hub.start();

    child(0).exit(3);
    expect(hub.current().state).toBe('starting');
    expect(hub.current().error).toMatch(/code 3/);
    vi.advanceTimersByTime(999);
    expect(utility.fork).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(utility.fork).toHaveBeenCalledTimes(2);

    child(1).exit(3);
    vi.advanceTimersByTime(1_999);
    expect(utility.fork).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(utility.fork).toHaveBeenCalledTimes(3);

    child(2).exit(3);
    vi.advanceTimersByTime(4_000);
    expect(utility.fork).toHaveBeenCalledTimes(4);

    child(3).exit(3);
    vi.advanceTimersByTime(60_000);
    expect(utility.fork).toHaveBeenCalledTimes(4);
    expect(hub.current()).toMatchObject({ state: 'error', embedded: true });
    expect(hub.current().error).toMatch(/gave up after 3 restarts: the hub exited unexpectedly/);
    expect(changes.at(-1)?.state).toBe('error');
  });

  it('refills the restart budget once the hub has stayed up for a while', () => {
    const { hub, utility, child } = setup({ firstRunDone: true });
    hub.start();
    for (let i = 0; i < 3; i++) {
      child(i).exit(1);
      vi.advanceTimersByTime(10_000);
    }
    child(3).postToParent({ type: 'ready', url: 'http://127.0.0.1:5000' });
    vi.advanceTimersByTime(60_000);
    child(3).exit(1);
    vi.advanceTimersByTime(1_000);
    expect(utility.fork).toHaveBeenCalledTimes(5);
    expect(hub.current().state).toBe('starting');
  });

  it('reports the error the hub posts, kills it and retries', async () => {
    const { hub, child } = setup({ firstRunDone: true });
    hub.start();
    child(0).postToParent({ type: 'error', message: 'database is locked' });
    expect(child(0).killed).toBe(true);
    await vi.advanceTimersByTimeAsync(0); // kill() → 'exit'
    expect(hub.current()).toMatchObject({ state: 'starting', error: 'database is locked' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(child(1)).toBeDefined();
  });

  it('kills and restarts a hub that never reports ready', async () => {
    const { hub, child, utility } = setup({ firstRunDone: true });
    hub.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(child(0).killed).toBe(true);
    expect(hub.current().error).toMatch(/did not report ready/);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(utility.fork).toHaveBeenCalledTimes(2);
  });

  it('stops the hub on quit and does not restart it', async () => {
    const { hub, child, utility } = setup({ firstRunDone: true });
    hub.start();
    child(0).postToParent({ type: 'ready', url: 'http://127.0.0.1:5000' });

    await hub.stop();
    expect(child(0).killed).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(utility.fork).toHaveBeenCalledTimes(1);
  });

  it('stop() does not hang on a child that ignores kill()', async () => {
    const { hub, child, text } = setup({ firstRunDone: true });
    hub.start();
    child(0).exitsOnKill = false;
    const stopped = hub.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(stopped).resolves.toBeUndefined();
    expect(text('warn')).toMatch(/did not exit in time/);
  });

  it('drains the child stdout/stderr into the log', async () => {
    const { hub, child, text } = setup({ firstRunDone: true });
    hub.start();
    child(0).stderr.write('listening failed\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(text('warn')).toContain('hub: listening failed');
  });
});

describe('hub connection with a team server', () => {
  it('never forks when a server URL is configured', () => {
    const { hub, utility, changes } = setup({ serverUrl: 'https://hub.example.com' });
    hub.start();
    expect(utility.fork).not.toHaveBeenCalled();
    const external = {
      url: 'https://hub.example.com',
      embedded: false,
      state: 'ready',
      error: null,
    };
    expect(hub.current()).toEqual(external);
    expect(changes).toEqual([external]);
  });

  it('switching to a server persists it, stops the embedded hub and never restarts it', async () => {
    const { hub, utility, child, settings, changes } = setup({ firstRunDone: true });
    hub.start();
    child(0).postToParent({ type: 'ready', url: 'http://127.0.0.1:5000' });

    const result = await hub.setServerUrl('https://hub.example.com');
    expect(settings.get().serverUrl).toBe('https://hub.example.com');
    expect(child(0).killed).toBe(true);
    expect(result).toEqual({
      url: 'https://hub.example.com',
      embedded: false,
      state: 'ready',
      error: null,
    });
    expect(changes.at(-1)).toEqual(result);

    await vi.advanceTimersByTimeAsync(120_000);
    expect(utility.fork).toHaveBeenCalledTimes(1);
  });

  it('switching back to embedded (null) starts the hub again', async () => {
    const { hub, utility, child } = setup({
      serverUrl: 'https://hub.example.com',
      firstRunDone: true,
    });
    hub.start();
    const result = await hub.setServerUrl(null);
    expect(utility.fork).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ embedded: true, state: 'starting' });
    child(0).postToParent({ type: 'ready', url: 'http://127.0.0.1:6000' });
    expect(hub.current()).toMatchObject({ url: 'http://127.0.0.1:6000', state: 'ready' });
  });
});
