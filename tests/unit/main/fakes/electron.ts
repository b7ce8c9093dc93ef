/**
 * Test doubles for the Electron APIs main and preload use. They follow the real APIs' shapes and
 * event semantics (kill() ends in an async 'exit', invoke args are structured-cloned, handle()
 * refuses a second handler for a channel), so a service that works against them has a fair chance
 * of working against Electron. Never import the real 'electron' in unit tests: it downloads its
 * binary on first require.
 */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { vi } from 'vitest';

// --- webContents / BrowserWindow -------------------------------------------------------------

export interface FakeNavigationEvent {
  url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export class FakeWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload: structuredClone(payload) });
  }

  /** What Chromium does when the page tries to navigate: emit, then navigate unless prevented. */
  simulateNavigation(url: string): FakeNavigationEvent {
    const event: FakeNavigationEvent = {
      url,
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('will-navigate', event, url, false, true);
    if (!event.defaultPrevented) this.url = url;
    return event;
  }

  /** What Chromium does on window.open / target=_blank: ask the handler (no handler = allow). */
  simulateWindowOpen(url: string): { action: 'allow' | 'deny' } {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }) : { action: 'allow' };
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }

  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  destroyed = false;
  visible = false;
  maximized = false;
  minimized = false;
  focused = false;
  loadedUrls: string[] = [];
  bounds = { x: 0, y: 0, width: 800, height: 600 };

  constructor(options: object = {}) {
    super();
    this.options = options as Record<string, unknown>;
    const { x, y, width, height } = options as Partial<typeof this.bounds>;
    this.bounds = { ...this.bounds, ...defined({ x, y, width, height }) };
    this.visible = this.options['show'] !== false;
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  /** A user closing the window: 'close', then 'closed'. */
  close() {
    this.emit('close', { preventDefault() {} });
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// --- ipcMain ---------------------------------------------------------------------------------

type InvokeListener = (
  event: { senderFrame: { url: string } | null },
  ...args: unknown[]
) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener) {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }

  /** ipcRenderer.invoke from a frame at `senderUrl` (null = the frame is gone). */
  async invoke(senderUrl: string | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: senderUrl === null ? null : { url: senderUrl } };
    // Like Electron: arguments and results cross the process boundary by structured clone.
    return structuredClone(await listener(event, ...structuredClone(args)));
  }
}

// --- utilityProcess --------------------------------------------------------------------------

export class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly posted: unknown[] = [];
  killed = false;
  /** When false, kill() is ignored (a hung child). */
  exitsOnKill = true;

  readonly modulePath: string;
  readonly args: string[];
  readonly options: Record<string, unknown>;

  constructor(modulePath: string, args: string[], options: Record<string, unknown>) {
    super();
    this.modulePath = modulePath;
    this.args = args;
    this.options = options;
  }
  postMessage(message: unknown) {
    this.posted.push(structuredClone(message));
  }
  kill() {
    if (this.pid === undefined) return false;
    this.killed = true;
    if (this.exitsOnKill) queueMicrotask(() => this.exit(0));
    return true;
  }
  /** The child calling process.parentPort.postMessage(message). */
  postToParent(message: unknown) {
    this.emit('message', structuredClone(message));
  }
  exit(code: number) {
    if (this.pid === undefined) return;
    this.pid = undefined;
    this.emit('exit', code);
  }
}

export function createFakeUtilityProcessModule() {
  const children: FakeUtilityProcess[] = [];
  const fork = vi.fn(
    (modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) => {
      const child = new FakeUtilityProcess(modulePath, args, options);
      children.push(child);
      return child;
    },
  );
  return { fork, children };
}

// --- safeStorage -----------------------------------------------------------------------------

/**
 * Reversible but not plaintext (XOR with a key, behind a version prefix like Chromium's "v10"), so
 * a test can check that the token never reaches disk readable.
 */
export function createFakeSafeStorage(
  opts: { available?: boolean; backend?: string; shouldReEncrypt?: boolean } = {},
) {
  const key = 0x5a;
  const xor = (bytes: Uint8Array) => Buffer.from(bytes.map((b) => b ^ key));
  const state = { available: opts.available ?? true, backend: opts.backend ?? 'gnome_libsecret' };
  return {
    state,
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(state.available)),
    encryptStringAsync: vi.fn((plainText: string) => {
      if (!state.available) return Promise.reject(new Error('Encryption is not available.'));
      return Promise.resolve(
        Buffer.concat([Buffer.from('v10'), xor(Buffer.from(plainText, 'utf8'))]),
      );
    }),
    decryptStringAsync: vi.fn((encrypted: Buffer) => {
      if (!state.available) return Promise.reject(new Error('Decryption is not available.'));
      if (encrypted.subarray(0, 3).toString() !== 'v10') {
        return Promise.reject(new Error('Error while decrypting'));
      }
      return Promise.resolve({
        shouldReEncrypt: opts.shouldReEncrypt ?? false,
        result: xor(encrypted.subarray(3)).toString('utf8'),
      });
    }),
    getSelectedStorageBackend: vi.fn(() => state.backend),
  };
}

// --- session / permissions -------------------------------------------------------------------

export class FakeSession {
  requestHandler:
    | ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: object) => void)
    | null = null;
  checkHandler:
    ((wc: unknown, permission: string, origin: string, details: object) => boolean) | null = null;

  setPermissionRequestHandler(handler: FakeSession['requestHandler']) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['checkHandler']) {
    this.checkHandler = handler;
  }

  /** Chromium asking: resolves with the decision; unhandled = granted (Electron's default). */
  request(permission: string, requestingUrl: string): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) =>
      handler({}, permission, resolve, { requestingUrl, isMainFrame: true }),
    );
  }
  check(permission: string, requestingOrigin: string): boolean {
    return this.checkHandler ? this.checkHandler({}, permission, requestingOrigin, {}) : true;
  }
}

// --- Notification ----------------------------------------------------------------------------

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  static isSupported() {
    return FakeNotification.supported;
  }
  shown = false;
  readonly options: { title?: string; body?: string; silent?: boolean };
  constructor(options: { title?: string; body?: string; silent?: boolean } = {}) {
    super();
    this.options = options;
    FakeNotification.instances.push(this);
  }
  show() {
    this.shown = true;
    this.emit('show', {});
  }
  /** The agent clicking the notification. */
  click() {
    this.emit('click', {});
  }
}

// --- renderer side: contextBridge / ipcRenderer ----------------------------------------------

export class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn((_channel: string, ..._args: unknown[]): Promise<unknown> =>
    Promise.resolve(null),
  );
  /** Main sending an event to this renderer. */
  receive(channel: string, payload: unknown) {
    this.emit(channel, { sender: this, senderId: 0 }, structuredClone(payload));
  }
}

export function createFakeContextBridge() {
  const exposed = new Map<string, unknown>();
  // A plain log rather than vi.fn call history, which the test runner may clear between tests.
  const calls: string[] = [];
  return {
    exposed,
    calls,
    exposeInMainWorld(key: string, api: unknown) {
      calls.push(key);
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property`);
      exposed.set(key, api);
    },
  };
}
