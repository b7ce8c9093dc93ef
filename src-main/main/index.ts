/**
 * Composition root of the Electron main process: reads the environment, builds the services with
 * the real Electron APIs and wires them together. Behaviour lives in the services, which take their
 * dependencies as arguments and are unit-tested with fakes (tests/unit/main).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  ipcMain,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { createAppProtocolHandler, registerAppSchemePrivileges } from './app-protocol.ts';
import { createExternalOpener } from './external-links.ts';
import { createHubConnectionService } from './hub/hub-connection.ts';
import { createEventSender } from './ipc/events.ts';
import { createIpcHandlers } from './ipc/handlers.ts';
import { registerIpcHandlers } from './ipc/register.ts';
import { createConsoleLogger } from './log.ts';
import { createNotifier } from './notifications.ts';
import { APP_SCHEME, createOriginPolicy } from './origin.ts';
import { builtPaths } from './paths.ts';
import { applyPermissionPolicy } from './permissions.ts';
import { createSecureSessionStore } from './secure-session.ts';
import { openSettingsStore } from './settings.ts';
import { createMainWindow } from './window/main-window.ts';

const log = createConsoleLogger('main');
const paths = builtPaths(import.meta.dirname);
// The dev server URL is honoured only in development: in a packaged app an environment variable
// must not be able to make a remote page "our UI".
const origin = createOriginPolicy(
  app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'],
);

// Both must happen before `ready`.
app.enableSandbox();
registerAppSchemePrivileges(protocol);

if (app.requestSingleInstanceLock()) {
  app
    .whenReady()
    .then(startApp)
    .catch((err: unknown) => {
      log.error('start-up failed', err);
      app.exit(1);
    });
} else {
  // Another Promptly is running and has been told (second-instance) to show itself.
  app.quit();
}

async function startApp(): Promise<void> {
  const userData = app.getPath('userData');
  const settings = await openSettingsStore({
    filePath: join(userData, 'settings.json'),
    log: createConsoleLogger('settings'),
  });
  const sessionStore = createSecureSessionStore({
    filePath: join(userData, 'session.bin'),
    safeStorage,
    platform: process.platform,
    log: createConsoleLogger('session'),
  });

  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rootDir: paths.renderer, readFile }));
  applyPermissionPolicy(session.defaultSession, origin.isOwnUrl);

  const sendEvent = createEventSender({
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
    isOwnUrl: origin.isOwnUrl,
  });
  const openExternal = createExternalOpener({
    shellOpenExternal: (url) => shell.openExternal(url),
    log: createConsoleLogger('links'),
  });

  let mainWindow: BrowserWindow | null = null;
  const revealWindow = (): void => {
    if (mainWindow === null || mainWindow.isDestroyed()) {
      mainWindow = createMainWindow({
        createWindow: (options) => new BrowserWindow(options),
        preloadPath: paths.preload,
        origin,
        openExternal,
        savedBounds: settings.get().windowBounds,
        workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
        saveBounds: (windowBounds) => {
          settings
            .update({ windowBounds })
            .catch((err: unknown) => log.error('cannot save window bounds', err));
        },
        log: createConsoleLogger('window'),
      });
      mainWindow.on('closed', () => (mainWindow = null));
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const hub = createHubConnectionService({
    settings,
    fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
    hubModulePath: paths.hub,
    dataDir: join(userData, 'hub-data'),
    onChange: (connection) => sendEvent('hub:connection-changed', connection),
    log: createConsoleLogger('hub'),
  });

  registerIpcHandlers({
    ipcMain,
    isOwnUrl: origin.isOwnUrl,
    log: createConsoleLogger('ipc'),
    handlers: createIpcHandlers({
      appInfo: { version: app.getVersion(), platform: process.platform },
      hub,
      session: sessionStore,
      openExternal,
      notify: createNotifier({
        isSupported: () => Notification.isSupported(),
        create: (options) => new Notification(options),
        revealWindow,
        onClicked: (payload) => sendEvent('notify:clicked', payload),
        log: createConsoleLogger('notify'),
      }),
    }),
  });

  app.on('second-instance', revealWindow);
  app.on('activate', revealWindow);
  app.on('window-all-closed', () => {
    // Tray (later issue): keep running in the tray here instead of quitting.
    if (process.platform !== 'darwin') app.quit();
  });

  let hubStopped = false;
  app.on('will-quit', (event) => {
    if (hubStopped) return;
    // Let the embedded hub close its database before the process goes away.
    event.preventDefault();
    hub
      .stop()
      .catch((err: unknown) => log.error('cannot stop the embedded hub', err))
      .finally(() => {
        hubStopped = true;
        app.quit();
      });
  });

  hub.start();
  revealWindow();
}
