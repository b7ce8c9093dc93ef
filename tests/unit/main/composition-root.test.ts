/**
 * Boots src-main/main/index.ts against a complete Electron double, because the real binary cannot
 * run here: proves the wiring (order of pre-ready calls, one secure window, every IPC channel
 * behind the sender check, hub launch, events reaching the window, clean quit).
 */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcContract } from '#shared/contracts/ipc.ts';
import {
  createFakeSafeStorage,
  createFakeUtilityProcessModule,
  FakeBrowserWindow,
  FakeIpcMain,
  FakeNotification,
  FakeSession,
} from './fakes/electron.ts';

const APP = 'app://promptly/index.html';

function createElectronDouble(userData: string, opts: { gotLock?: boolean } = {}) {
  const order: string[] = [];
  let ready!: () => void;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    requestSingleInstanceLock: vi.fn(() => opts.gotLock ?? true),
    whenReady: vi.fn(() => {
      order.push('whenReady');
      return readyPromise;
    }),
    getPath: vi.fn((name: string) => {
      if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
      return userData;
    }),
    getVersion: () => '0.1.0',
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      protocolHandlers.set(scheme, handler);
    }),
  };
  FakeBrowserWindow.instances = [];
  FakeNotification.instances = [];
  const utilityProcess = createFakeUtilityProcessModule();
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: new FakeIpcMain(),
    Notification: FakeNotification,
    protocol,
    safeStorage: createFakeSafeStorage(),
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: { defaultSession: new FakeSession() },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    utilityProcess,
  };
  return { module, order, ready, protocolHandlers };
}

let userData: string;
beforeEach(async () => {
  userData = await fs.mkdtemp(join(tmpdir(), 'promptly-userdata-'));
  vi.resetModules();
  // A packaged app must ignore this: it would otherwise make a remote page "our UI".
  vi.stubEnv('ELECTRON_RENDERER_URL', 'http://evil.example.com/');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.doUnmock('electron');
  await fs.rm(userData, { recursive: true, force: true });
});

async function boot(opts: { gotLock?: boolean } = {}) {
  const double = createElectronDouble(userData, opts);
  vi.doMock('electron', () => double.module);
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  await import('../../../src-main/main/index.ts');
  return double;
}

describe('main process composition root', () => {
  it('enables the sandbox and registers the app scheme before ready, then opens one secure window', async () => {
    const { module, order, ready, protocolHandlers } = await boot();
    expect(order).toEqual(['enableSandbox', 'registerSchemesAsPrivileged', 'whenReady']);
    expect(FakeBrowserWindow.instances).toHaveLength(0);

    ready();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String((win.options['webPreferences'] as { preload: string }).preload)).toMatch(
      /preload[\\/]index\.cjs$/,
    );
    expect(win.loadedUrls).toEqual([APP]);
    expect(protocolHandlers.has('app')).toBe(true);
    expect([...module.ipcMain.handlers.keys()].sort()).toEqual(Object.keys(ipcContract).sort());
    await expect(module.session.defaultSession.request('media', APP)).resolves.toBe(false);
  });

  it('starts the embedded hub with --demo on a fresh profile and pushes its state to the window', async () => {
    const { module, ready } = await boot();
    ready();
    await vi.waitFor(() => expect(module.utilityProcess.children).toHaveLength(1));
    const child = module.utilityProcess.children[0]!;
    expect(child.modulePath).toMatch(/hub\.js$/);
    expect(child.args).toEqual([
      '--data',
      join(userData, 'hub-data'),
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--demo',
    ]);

    child.postToParent({ type: 'ready', url: 'http://127.0.0.1:43210' });
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.webContents.sent.at(-1)).toEqual({
      channel: 'hub:connection-changed',
      payload: { url: 'http://127.0.0.1:43210', embedded: true, state: 'ready', error: null },
    });
    await expect(module.ipcMain.invoke(APP, 'hub:get-connection')).resolves.toMatchObject({
      state: 'ready',
    });
    await expect(
      module.ipcMain.invoke('https://evil.example.com/', 'hub:get-connection'),
    ).rejects.toThrow(/refused/);
    await vi.waitFor(async () =>
      expect(JSON.parse(await fs.readFile(join(userData, 'settings.json'), 'utf8'))).toMatchObject({
        firstRunDone: true,
      }),
    );
  });

  it('persists the session encrypted under userData and restores it', async () => {
    const { module, ready } = await boot();
    ready();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const session = { hubUrl: 'http://127.0.0.1:43210', token: 'secret-token-123', userId: 'u1' };
    await module.ipcMain.invoke(APP, 'session:save', session);
    const onDisk = await fs.readFile(join(userData, 'session.bin'));
    expect(onDisk.toString('latin1')).not.toContain('secret-token-123');
    await expect(module.ipcMain.invoke(APP, 'session:load')).resolves.toEqual(session);
  });

  it('a notification click focuses the window and tells the renderer which conversation', async () => {
    const { module, ready } = await boot();
    ready();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const win = FakeBrowserWindow.instances[0]!;
    win.minimized = true;

    await module.ipcMain.invoke(APP, 'notify:show', {
      title: 'Call Ana back',
      body: '',
      conversationId: 'c9',
    });
    FakeNotification.instances[0]!.click();
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
    expect(win.webContents.sent.at(-1)).toEqual({
      channel: 'notify:clicked',
      payload: { conversationId: 'c9' },
    });
  });

  it('on quit, holds the quit until the embedded hub has stopped', async () => {
    const { module, ready } = await boot();
    ready();
    await vi.waitFor(() => expect(module.utilityProcess.children).toHaveLength(1));
    const child = module.utilityProcess.children[0]!;

    const event = { preventDefault: vi.fn() };
    module.app.emit('will-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(child.killed).toBe(true);
    await vi.waitFor(() => expect(module.app.quit).toHaveBeenCalledTimes(1));

    const second = { preventDefault: vi.fn() };
    module.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });

  it('a second instance quits without creating a window or touching the profile', async () => {
    const { module } = await boot({ gotLock: false });
    expect(module.app.quit).toHaveBeenCalled();
    expect(module.app.whenReady).not.toHaveBeenCalled();
    expect(await fs.readdir(userData)).toEqual([]);
  });
});
