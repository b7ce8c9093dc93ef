import { fileURLToPath } from 'node:url';
import { parseHubConfig } from './config.ts';
import { startHub } from './server.ts';

/**
 * Entry point when the desktop runs the hub in an Electron utilityProcess. It reports readiness
 * (or the reason it could not start) to the main process over parentPort, never through stdout.
 */
interface ParentPort {
  postMessage(message: unknown): void;
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));

startHub(parseHubConfig(process.argv.slice(2), process.env, { rendererDir })).then(
  (hub) => {
    parentPort?.postMessage({ type: 'ready', url: hub.url });
    const stop = () => void hub.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error: unknown) => {
    parentPort?.postMessage({ type: 'error', message: String((error as Error)?.message ?? error) });
    process.exit(1);
  },
);
