import { fileURLToPath } from 'node:url';
import { ConfigError, HUB_USAGE, parseHubConfig } from './config.ts';
import { startHub } from './server.ts';

const rendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'serve') {
    process.stderr.write(command ? `Unknown command: ${command}\n\n${HUB_USAGE}` : HUB_USAGE);
    return 2;
  }
  const config = parseHubConfig(rest, process.env, { rendererDir });
  const hub = await startHub(config);
  process.stdout.write(
    `Promptly hub ${hub.store.engine === 'postgres' ? 'on PostgreSQL' : `on PGlite (${config.dataDir})`}\n` +
      `Web workspace: ${hub.url}/\n`,
  );
  const stop = () => {
    hub.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError
        ? `${error.message}\n`
        : `Hub failed to start: ${String((error as Error)?.stack ?? error)}\n`,
    );
    process.exit(1);
  },
);
