import { describe, expect, it, vi } from 'vitest';
import { type HubConnection, ipcContract, type StoredSession } from '#shared/contracts/ipc.ts';
import {
  createExternalOpener,
  isAllowedExternalUrl,
} from '../../../src-main/main/external-links.ts';
import { createEventSender } from '../../../src-main/main/ipc/events.ts';
import { createIpcHandlers } from '../../../src-main/main/ipc/handlers.ts';
import { registerIpcHandlers } from '../../../src-main/main/ipc/register.ts';
import { createNotifier } from '../../../src-main/main/notifications.ts';
import { createOriginPolicy } from '../../../src-main/main/origin.ts';
import { FakeIpcMain, FakeNotification, FakeWebContents } from './fakes/electron.ts';
import { createFakeLogger } from './fakes/log.ts';

vi.mock('electron', () => {
  throw new Error('IPC registration must get ipcMain injected');
});

const APP = 'app://promptly/index.html';
const connection: HubConnection = {
  url: 'http://127.0.0.1:5000',
  embedded: true,
  state: 'ready',
  error: null,
};

function setup(opts: { devUrl?: string } = {}) {
  const ipcMain = new FakeIpcMain();
  const logger = createFakeLogger();
  const shellOpenExternal = vi.fn((_url: string) => Promise.resolve());
  const sessionStore = {
    load: vi.fn((): Promise<StoredSession | null> => Promise.resolve(null)),
    save: vi.fn((_s: StoredSession | null) => Promise.resolve()),
  };
  const hub = {
    current: vi.fn(() => connection),
    setServerUrl: vi.fn((url: string | null) =>
      Promise.resolve({ ...connection, url: url ?? connection.url }),
    ),
  };
  const notify = vi.fn();
  const origin = createOriginPolicy(opts.devUrl);
  const unregister = registerIpcHandlers({
    ipcMain,
    isOwnUrl: origin.isOwnUrl,
    log: logger.log,
    handlers: createIpcHandlers({
      appInfo: { version: '0.1.0', platform: 'linux' },
      hub,
      session: sessionStore,
      notify,
      openExternal: createExternalOpener({ shellOpenExternal, log: logger.log }),
    }),
  });
  return { ipcMain, hub, sessionStore, notify, shellOpenExternal, unregister, ...logger };
}

describe('IPC registration', () => {
  it('registers exactly the channels of the contract, and can remove them', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(ipcContract).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers our own UI', async () => {
    const { ipcMain } = setup();
    await expect(ipcMain.invoke(APP, 'app:get-info')).resolves.toEqual({
      version: '0.1.0',
      platform: 'linux',
    });
    await expect(ipcMain.invoke(APP, 'hub:get-connection')).resolves.toEqual(connection);
  });

  it.each([
    ['a remote page', 'https://evil.example.com/'],
    ['a look-alike host', 'app://promptly.evil/index.html'],
    ['credentials trick', 'app://promptly@evil/index.html'],
    ['an email frame (blob:)', 'blob:app://promptly/6c1f-4b'],
    ['an srcdoc frame', 'about:srcdoc'],
    ['a local file', 'file:///home/agent/index.html'],
    ['a destroyed frame', null],
  ])('rejects a call from %s without running the handler', async (_label, senderUrl) => {
    const { ipcMain, hub, text } = setup();
    await expect(ipcMain.invoke(senderUrl, 'hub:get-connection')).rejects.toThrow(
      /refused, the caller is not the Promptly UI/,
    );
    expect(hub.current).not.toHaveBeenCalled();
    expect(text('warn')).toMatch(/refused hub:get-connection/);
  });

  it('trusts the dev server origin only when one is configured', async () => {
    const dev = setup({ devUrl: 'http://localhost:5173/' });
    await expect(
      dev.ipcMain.invoke('http://localhost:5173/#/inbox', 'app:get-info'),
    ).resolves.toBeTruthy();
    await expect(dev.ipcMain.invoke('http://localhost:5174/', 'app:get-info')).rejects.toThrow(
      /refused/,
    );

    const packaged = setup();
    await expect(packaged.ipcMain.invoke('http://localhost:5173/', 'app:get-info')).rejects.toThrow(
      /refused/,
    );
  });

  it('rejects bad arguments with a message naming the channel and the problem', async () => {
    const { ipcMain, sessionStore, hub } = setup();
    await expect(
      ipcMain.invoke(APP, 'session:save', { hubUrl: 'x', token: '', userId: 'u' }),
    ).rejects.toThrow(/session:save: invalid arguments[\s\S]*token/);
    await expect(
      ipcMain.invoke(APP, 'settings:set-server-url', 'ftp://files.example.com'),
    ).rejects.toThrow(/settings:set-server-url: invalid arguments/);
    await expect(ipcMain.invoke(APP, 'settings:set-server-url')).rejects.toThrow(
      /invalid arguments/,
    );
    await expect(ipcMain.invoke(APP, 'app:get-info', 'surplus')).rejects.toThrow(
      /invalid arguments/,
    );
    await expect(
      ipcMain.invoke(APP, 'notify:show', { title: 'Hi', body: '', extra: 'not allowed' }),
    ).rejects.toThrow(/notify:show: invalid arguments/);
    expect(sessionStore.save).not.toHaveBeenCalled();
    expect(hub.setServerUrl).not.toHaveBeenCalled();
  });

  it('passes good, parsed arguments to the handler and returns its result', async () => {
    const { ipcMain, sessionStore, hub, notify } = setup();
    const session = { hubUrl: 'http://127.0.0.1:5000', token: 't0k', userId: 'u1' };
    await expect(ipcMain.invoke(APP, 'session:save', session)).resolves.toBeNull();
    expect(sessionStore.save).toHaveBeenCalledWith(session);

    await expect(
      ipcMain.invoke(APP, 'settings:set-server-url', 'https://hub.example.com'),
    ).resolves.toEqual({
      ...connection,
      url: 'https://hub.example.com',
    });
    expect(hub.setServerUrl).toHaveBeenCalledWith('https://hub.example.com');

    await ipcMain.invoke(APP, 'notify:show', {
      title: 'Callback due',
      body: 'Ana, 15:30',
      conversationId: 'c1',
    });
    expect(notify).toHaveBeenCalledWith({
      title: 'Callback due',
      body: 'Ana, 15:30',
      conversationId: 'c1',
    });
  });

  it('refuses to return a result that breaks the contract', async () => {
    const { ipcMain, sessionStore, text } = setup();
    sessionStore.load.mockResolvedValueOnce({ token: 'x' } as unknown as StoredSession);
    await expect(ipcMain.invoke(APP, 'session:load')).rejects.toThrow(
      /session:load: internal error/,
    );
    expect(text('error')).toMatch(/outside the contract/);
  });
});

describe('shell:open-external', () => {
  it.each([
    'javascript:alert(document.cookie)',
    'file:///etc/passwd',
    'http://example.com',
    'smb://fileserver/share',
    'JaVaScRiPt:alert(1)',
  ])('refuses %s before it reaches the shell', async (url) => {
    const { ipcMain, shellOpenExternal } = setup();
    await expect(ipcMain.invoke(APP, 'shell:open-external', url)).rejects.toThrow(
      /invalid arguments/,
    );
    expect(shellOpenExternal).not.toHaveBeenCalled();
  });

  it.each(['https://', 'https://bank.example.com@evil.example.com/'])(
    'refuses %s, which passes the prefix check but is not a plain https link',
    async (url) => {
      const { ipcMain, shellOpenExternal } = setup();
      await expect(ipcMain.invoke(APP, 'shell:open-external', url)).rejects.toThrow(
        /Only https, mailto and tel/,
      );
      expect(shellOpenExternal).not.toHaveBeenCalled();
    },
  );

  it.each(['https://help.example.com/article?id=7', 'mailto:ana@example.com', 'tel:+4930123456'])(
    'opens %s',
    async (url) => {
      const { ipcMain, shellOpenExternal } = setup();
      await expect(ipcMain.invoke(APP, 'shell:open-external', url)).resolves.toBeNull();
      expect(shellOpenExternal).toHaveBeenCalledWith(url);
    },
  );

  it('isAllowedExternalUrl agrees', () => {
    expect(isAllowedExternalUrl('https://example.com')).toBe(true);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('file:///C:/Windows/System32/calc.exe')).toBe(false);
  });
});

describe('main → renderer events', () => {
  it('sends to live windows showing our UI only', () => {
    const ours = Object.assign(new FakeWebContents(), { url: APP });
    const foreign = Object.assign(new FakeWebContents(), { url: 'https://evil.example.com' });
    const closed = Object.assign(new FakeWebContents(), { url: APP, destroyed: true });
    const send = createEventSender({
      targets: () => [ours, foreign, closed],
      isOwnUrl: createOriginPolicy(undefined).isOwnUrl,
    });
    send('hub:connection-changed', connection);
    expect(ours.sent).toEqual([{ channel: 'hub:connection-changed', payload: connection }]);
    expect(foreign.sent).toEqual([]);
    expect(closed.sent).toEqual([]);
  });
});

describe('notify:show', () => {
  function notifier() {
    FakeNotification.instances = [];
    const revealWindow = vi.fn();
    const onClicked = vi.fn();
    const notify = createNotifier({
      isSupported: () => FakeNotification.isSupported(),
      create: (options) => new FakeNotification(options),
      revealWindow,
      onClicked,
      log: createFakeLogger().log,
    });
    return { notify, revealWindow, onClicked };
  }

  it('shows a native notification; a click focuses the window and reports the conversation', () => {
    const { notify, revealWindow, onClicked } = notifier();
    notify({ title: 'Callback due in 5 min', body: 'Ana Souza', conversationId: 'conv_1' });
    const shown = FakeNotification.instances[0]!;
    expect(shown.shown).toBe(true);
    expect(shown.options).toEqual({
      title: 'Callback due in 5 min',
      body: 'Ana Souza',
      silent: true,
    });
    expect(revealWindow).not.toHaveBeenCalled();

    shown.click();
    expect(revealWindow).toHaveBeenCalledTimes(1);
    expect(onClicked).toHaveBeenCalledWith({ conversationId: 'conv_1' });
  });

  it('validates the request in main before anything is shown', async () => {
    const { ipcMain, notify } = setup();
    const bad: unknown[][] = [
      [],
      [null],
      ['just a string'],
      [{ body: 'no title' }],
      [{ title: '', body: '' }],
      [{ title: 'x'.repeat(201), body: '' }],
      [{ title: 'Hi', body: 'x'.repeat(1001) }],
      [{ title: 'Hi', body: '', conversationId: 'c'.repeat(65) }],
      [{ title: 'Hi', body: '', conversationId: 42 }],
      [{ title: 'Hi', body: '', silent: false }],
      [{ title: 'Hi', body: '' }, 'surplus'],
    ];
    for (const args of bad) {
      await expect(ipcMain.invoke(APP, 'notify:show', ...args)).rejects.toThrow(
        /notify:show: invalid arguments/,
      );
    }
    expect(notify).not.toHaveBeenCalled();

    // The limits themselves are allowed, and a foreign frame is refused even with a good request.
    const atLimits = {
      title: 'x'.repeat(200),
      body: 'y'.repeat(1000),
      conversationId: 'c'.repeat(64),
    };
    await expect(ipcMain.invoke(APP, 'notify:show', atLimits)).resolves.toBeNull();
    expect(notify).toHaveBeenCalledExactlyOnceWith(atLimits);
    await expect(
      ipcMain.invoke('https://evil.example/', 'notify:show', { title: 'Hi', body: '' }),
    ).rejects.toThrow(/refused/);
    expect(notify).toHaveBeenCalledTimes(1);
  });

  it('a click on a notification without a conversation only focuses the window', () => {
    const { notify, revealWindow, onClicked } = notifier();
    notify({ title: 'Sync finished', body: '' });
    FakeNotification.instances[0]!.click();
    expect(revealWindow).toHaveBeenCalledTimes(1);
    expect(onClicked).not.toHaveBeenCalled();
  });
});
