import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  registerAppSchemePrivileges,
  resolveAppPath,
} from '../../../src-main/main/app-protocol.ts';
import { createOriginPolicy } from '../../../src-main/main/origin.ts';
import { applyPermissionPolicy } from '../../../src-main/main/permissions.ts';
import { createMainWindow } from '../../../src-main/main/window/main-window.ts';
import type { WindowBounds } from '../../../src-main/main/settings.ts';
import { restorableBounds } from '../../../src-main/main/window/window-state.ts';
import { FakeBrowserWindow, FakeSession } from './fakes/electron.ts';
import { createFakeLogger } from './fakes/log.ts';

vi.mock('electron', () => {
  throw new Error('window services must get Electron injected');
});

beforeEach(() => {
  FakeBrowserWindow.instances = [];
});

function openWindow(
  opts: { devUrl?: string; savedBounds?: Parameters<typeof restorableBounds>[0] } = {},
) {
  const openExternal = vi.fn((_url: string) => Promise.resolve());
  const saveBounds = vi.fn((_bounds: WindowBounds) => undefined);
  const logger = createFakeLogger();
  const win = createMainWindow({
    createWindow: (options) => new FakeBrowserWindow(options),
    preloadPath: '/app/out/preload/index.cjs',
    origin: createOriginPolicy(opts.devUrl),
    openExternal,
    savedBounds: opts.savedBounds ?? null,
    workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
    saveBounds,
    log: logger.log,
  });
  return { win, openExternal, saveBounds, ...logger };
}

describe('main window', () => {
  it('is created with the secure webPreferences and our preload', () => {
    const { win } = openWindow();
    expect(win.options['webPreferences']).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('loads app://promptly/index.html, or the dev server in development', () => {
    expect(openWindow().win.loadedUrls).toEqual(['app://promptly/index.html']);
    expect(openWindow({ devUrl: 'http://localhost:5173/' }).win.loadedUrls).toEqual([
      'http://localhost:5173/',
    ]);
  });

  it('stays hidden until ready-to-show', () => {
    const { win } = openWindow();
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('prevents navigation to a foreign URL and opens safe links in the browser instead', () => {
    const { win, openExternal } = openWindow();
    const wc = win.webContents;

    const toHttps = wc.simulateNavigation('https://evil.example.com/phish');
    expect(toHttps.defaultPrevented).toBe(true);
    expect(wc.getURL()).toBe('app://promptly/index.html');
    expect(openExternal).toHaveBeenCalledWith('https://evil.example.com/phish');

    openExternal.mockClear();
    for (const url of ['file:///etc/passwd', 'http://example.com/', 'javascript:alert(1)']) {
      expect(wc.simulateNavigation(url).defaultPrevented).toBe(true);
    }
    expect(openExternal).not.toHaveBeenCalled();
    expect(wc.getURL()).toBe('app://promptly/index.html');
  });

  it('lets our own UI navigate within itself', () => {
    const { win, openExternal } = openWindow();
    const nav = win.webContents.simulateNavigation('app://promptly/index.html#/inbox');
    expect(nav.defaultPrevented).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies window.open, handing only allowed URLs to the browser', () => {
    const { win, openExternal } = openWindow();
    expect(win.webContents.simulateWindowOpen('https://help.example.com/')).toEqual({
      action: 'deny',
    });
    expect(openExternal).toHaveBeenCalledWith('https://help.example.com/');

    openExternal.mockClear();
    expect(win.webContents.simulateWindowOpen('app://promptly/index.html')).toEqual({
      action: 'deny',
    });
    expect(win.webContents.simulateWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('saves its bounds on close and restores them next time', () => {
    const first = openWindow();
    first.win.bounds = { x: 100, y: 50, width: 1400, height: 900 };
    first.win.maximized = true;
    first.win.close();
    const saved = first.saveBounds.mock.calls[0]![0];
    expect(saved).toEqual({ x: 100, y: 50, width: 1400, height: 900, maximized: true });

    const second = openWindow({ savedBounds: saved });
    expect(second.win.options).toMatchObject({ x: 100, y: 50, width: 1400, height: 900 });
    second.win.emit('ready-to-show');
    expect(second.win.maximized).toBe(true);
  });

  it('drops a position on a display that is gone, keeping the size', () => {
    const saved = { x: 3000, y: 200, width: 1000, height: 700, maximized: false };
    expect(restorableBounds(saved, [{ x: 0, y: 0, width: 1920, height: 1080 }]).bounds).toEqual({
      width: 1000,
      height: 700,
    });
  });
});

describe('permissions', () => {
  const setup = () => {
    const session = new FakeSession();
    applyPermissionPolicy(session, createOriginPolicy(undefined).isOwnUrl);
    return session;
  };

  it('grants notifications to our UI', async () => {
    const session = setup();
    await expect(session.request('notifications', 'app://promptly/index.html')).resolves.toBe(true);
    expect(session.check('notifications', 'app://promptly')).toBe(true);
  });

  it.each(['media', 'geolocation', 'clipboard-read', 'display-capture', 'hid', 'openExternal'])(
    'denies %s even to our UI',
    async (permission) => {
      const session = setup();
      await expect(session.request(permission, 'app://promptly/index.html')).resolves.toBe(false);
      expect(session.check(permission, 'app://promptly')).toBe(false);
    },
  );

  it('denies notifications to foreign content', async () => {
    const session = setup();
    await expect(session.request('notifications', 'https://evil.example.com/')).resolves.toBe(
      false,
    );
    expect(session.check('notifications', 'https://evil.example.com')).toBe(false);
  });
});

describe('app:// protocol', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(join(tmpdir(), 'promptly-renderer-'));
    await fs.mkdir(join(root, 'assets'));
    await fs.writeFile(join(root, 'index.html'), '<!doctype html><title>Promptly</title>');
    await fs.writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    await fs.writeFile(join(root, '..', 'promptly-secret.txt'), 'secret').catch(() => undefined);
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(join(root, '..', 'promptly-secret.txt'), { force: true });
  });
  const handler = () =>
    createAppProtocolHandler({ rootDir: root, readFile: (p) => fs.readFile(p) });

  it('registers app as a standard, secure, fetch-capable scheme', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppSchemePrivileges(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves renderer files with the strict CSP and the right content type', async () => {
    const res = await handler()(new Request('app://promptly/index.html'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>Promptly</title>');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "connect-src 'self' http: https: ws: wss:",
      "frame-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
    ]) {
      expect(csp).toContain(directive);
    }

    const js = await handler()(new Request('app://promptly/assets/index-abc.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const rootDoc = await handler()(new Request('app://promptly/'));
    expect(await rootDoc.text()).toContain('Promptly');
  });

  it.each([
    'app://promptly/..%2fpromptly-secret.txt',
    'app://promptly/%2e%2e/promptly-secret.txt',
    'app://promptly/assets/..%2f..%2fpromptly-secret.txt',
    'app://promptly/..%5cpromptly-secret.txt',
    'app://promptly/index.html%00.png',
    'app://promptly/%E0%A4%A',
    'app://other/index.html',
  ])('never serves anything outside the renderer folder for %s', async (url) => {
    const resolved = resolveAppPath(root, url);
    if (resolved !== null) expect(relative(root, resolved).startsWith('..')).toBe(false);
    const res = await handler()(new Request(url));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
  });

  it.each([
    'app://promptly/..%5cpromptly-secret.txt',
    'app://promptly/index.html%00.png',
    'app://other/',
  ])('does not even resolve %s', (url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('404s a missing file and 405s a POST', async () => {
    expect((await handler()(new Request('app://promptly/nope.js'))).status).toBe(404);
    const post = await handler()(
      new Request('app://promptly/index.html', { method: 'POST', body: 'x' }),
    );
    expect(post.status).toBe(405);
  });
});
