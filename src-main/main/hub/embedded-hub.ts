import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { HubConnection } from '#shared/contracts/ipc.ts';
import type { Logger } from '../log.ts';

/** The slice of Electron's UtilityProcess the supervisor drives (tests pass an EventEmitter). */
export interface HubChild {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
}

export type ForkHub = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: 'pipe' },
) => HubChild;

/** What the hub child posts through `process.parentPort.postMessage`. */
const HubMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), url: z.url({ protocol: /^http$/ }) }),
  z.object({ type: z.literal('error'), message: z.string().max(4000) }),
]);

export interface HubTiming {
  /** A hub that has not said `ready` by then is killed and restarted (PGlite initdb takes ~4 s). */
  startupTimeoutMs: number;
  /** Delay before restart n (the last entry repeats). */
  backoffMs: readonly number[];
  /** Consecutive failed starts before giving up with state `error`. */
  maxRestarts: number;
  /** Uptime after which the hub counts as healthy again and the restart budget is refilled. */
  stableAfterMs: number;
  shutdownGraceMs: number;
}

export const DEFAULT_HUB_TIMING: HubTiming = Object.freeze({
  startupTimeoutMs: 60_000,
  backoffMs: [1_000, 2_000, 5_000, 10_000, 30_000],
  maxRestarts: 5,
  stableAfterMs: 60_000,
  shutdownGraceMs: 5_000,
});

export interface EmbeddedHubDeps {
  fork: ForkHub;
  modulePath: string;
  /** Asked before every spawn, so a restart sees the current first-run flag. */
  args: () => string[];
  onStateChange: (connection: HubConnection) => void;
  log: Logger;
  timing?: Partial<HubTiming>;
}

export interface EmbeddedHub {
  /** Spawns the hub unless it is already running or scheduled to restart. */
  start(): void;
  /**
   * Stops the hub and resolves once it has exited (or the grace ran out). Never restarts after.
   * `kill()` is SIGTERM on POSIX, which the hub handles by closing its database first.
   */
  stop(): Promise<void>;
}

/** Supervises one hub utility process: start-up handshake, restart with backoff, clean stop. */
export function createEmbeddedHub(deps: EmbeddedHubDeps): EmbeddedHub {
  const { fork, modulePath, log } = deps;
  const timing: HubTiming = { ...DEFAULT_HUB_TIMING, ...deps.timing };

  let child: HubChild | null = null;
  let exited: Promise<void> = Promise.resolve();
  let stopping = false;
  let failures = 0;
  let lastError: string | null = null;
  let restartTimer: NodeJS.Timeout | undefined;
  let startupTimer: NodeJS.Timeout | undefined;
  let stableTimer: NodeJS.Timeout | undefined;

  const emit = (state: HubConnection['state'], url = '') =>
    deps.onStateChange({ url, embedded: true, state, error: state === 'ready' ? null : lastError });

  function spawn(): void {
    restartTimer = undefined;
    emit('starting');
    let proc: HubChild;
    try {
      proc = fork(modulePath, deps.args(), { serviceName: 'Promptly hub', stdio: 'pipe' });
    } catch (err) {
      lastError = `cannot start the hub: ${err instanceof Error ? err.message : String(err)}`;
      log.error(lastError);
      scheduleRestart();
      return;
    }
    child = proc;
    exited = new Promise((resolve) => proc.on('exit', () => resolve()));
    // With stdio 'pipe' the output must be drained, or a chatty hub blocks on a full pipe.
    forwardLines(proc.stdout, (line) => log.info(`hub: ${line}`));
    forwardLines(proc.stderr, (line) => log.warn(`hub: ${line}`));

    startupTimer = setTimeout(() => {
      lastError = `the hub did not report ready within ${timing.startupTimeoutMs / 1000} s`;
      log.error(lastError);
      proc.kill();
    }, timing.startupTimeoutMs);

    proc.on('message', (raw) => {
      if (proc !== child) return;
      const message = HubMessage.safeParse(raw);
      if (!message.success) {
        log.warn('ignoring an unexpected message from the hub', raw);
        return;
      }
      if (message.data.type === 'ready') {
        clearTimeout(startupTimer);
        lastError = null;
        stableTimer = setTimeout(() => (failures = 0), timing.stableAfterMs);
        log.info(`embedded hub ready at ${message.data.url}`);
        emit('ready', message.data.url);
      } else {
        lastError = message.data.message;
        log.error(`embedded hub failed: ${lastError}`);
        proc.kill();
      }
    });

    proc.on('exit', (code) => {
      if (proc !== child) return;
      child = null;
      clearTimeout(startupTimer);
      clearTimeout(stableTimer);
      if (stopping) return;
      lastError ??= `the hub exited unexpectedly (code ${code})`;
      log.warn(`embedded hub exited with code ${code}`);
      scheduleRestart();
    });
  }

  function scheduleRestart(): void {
    if (failures >= timing.maxRestarts) {
      lastError = `gave up after ${failures} restarts: ${lastError ?? 'unknown error'}`;
      log.error(lastError);
      emit('error');
      return;
    }
    const delay = timing.backoffMs[Math.min(failures, timing.backoffMs.length - 1)] ?? 1_000;
    failures += 1;
    log.info(`restarting the embedded hub in ${delay} ms (attempt ${failures})`);
    emit('starting');
    restartTimer = setTimeout(spawn, delay);
  }

  return {
    start() {
      if (child !== null || restartTimer !== undefined) return;
      stopping = false;
      failures = 0;
      lastError = null;
      spawn();
    },

    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      restartTimer = undefined;
      const proc = child;
      if (proc === null) return;
      proc.kill();
      if (!(await settlesWithin(exited, timing.shutdownGraceMs))) {
        log.warn('the embedded hub did not exit in time; leaving it to Electron to reap');
      }
      if (child === proc) child = null;
    },
  };
}

function forwardLines(stream: NodeJS.ReadableStream | null, write: (line: string) => void): void {
  if (stream === null) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', write);
}

/** True if `promise` settled within `ms`; never rejects, so a stuck child cannot hang quitting. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
}
