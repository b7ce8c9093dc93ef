import type { OpenExternal } from '../external-links.ts';
import { isAllowedExternalUrl } from '../external-links.ts';
import type { Logger } from '../log.ts';
import type { OriginPolicy } from '../origin.ts';
import type { WindowBounds } from '../settings.ts';
import { type Rect, restorableBounds } from './window-state.ts';

/** The webPreferences every Promptly window gets. Tests assert on this exact object. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  } as const;
}

export interface WindowOptions {
  x?: number;
  y?: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  webPreferences: ReturnType<typeof secureWebPreferences>;
}

/** The slice of WebContents we guard; Electron's WebContents satisfies it. */
export interface GuardedWebContents {
  on(
    event: 'will-navigate',
    listener: (event: { url: string; preventDefault(): void }) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface MainWindowLike {
  readonly webContents: GuardedWebContents;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  show(): void;
  maximize(): void;
  isMaximized(): boolean;
  getNormalBounds(): Rect;
}

export interface MainWindowDeps<W extends MainWindowLike> {
  createWindow: (options: WindowOptions) => W;
  preloadPath: string;
  origin: OriginPolicy;
  openExternal: OpenExternal;
  savedBounds: WindowBounds | null;
  workAreas: () => readonly Rect[];
  saveBounds: (bounds: WindowBounds) => void;
  log: Logger;
}

export function createMainWindow<W extends MainWindowLike>(deps: MainWindowDeps<W>): W {
  const { bounds, maximized } = restorableBounds(deps.savedBounds, deps.workAreas());
  const win = deps.createWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 560,
    // Shown on ready-to-show so the agent never sees a white flash.
    show: false,
    title: 'Promptly',
    webPreferences: secureWebPreferences(deps.preloadPath),
  });
  guardWebContents(win.webContents, deps);

  win.once('ready-to-show', () => {
    if (maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    const { x, y, width, height } = win.getNormalBounds();
    deps.saveBounds({ x, y, width, height, maximized: win.isMaximized() });
  });
  // Tray and dock badge (later issue) attach here, to the window this returns.

  win.loadURL(deps.origin.startUrl).catch((err: unknown) => {
    deps.log.error(`cannot load ${deps.origin.startUrl}`, err);
  });
  return win;
}

/**
 * Our window only ever shows our UI. A link the agent clicks (in a message, in email HTML) never
 * replaces the app: if it is a safe external link it opens in the system browser, else nothing.
 */
export function guardWebContents(
  webContents: GuardedWebContents,
  deps: { origin: OriginPolicy; openExternal: OpenExternal; log: Logger },
): void {
  const openOutside = (url: string) => {
    if (!isAllowedExternalUrl(url)) {
      deps.log.warn(`blocked navigation to ${url.slice(0, 200)}`);
      return;
    }
    deps.openExternal(url).catch((err: unknown) => deps.log.error('cannot open link', err));
  };

  webContents.on('will-navigate', (event) => {
    if (deps.origin.isOwnUrl(event.url)) return;
    event.preventDefault();
    openOutside(event.url);
  });
  webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}
