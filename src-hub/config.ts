import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeIssues } from '#shared/logic/ack.ts';

export const HubConfig = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  dataDir: z.string().min(1),
  /** PostgreSQL instead of the embedded PGlite when set. */
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/ }).nullable(),
  demo: z.boolean(),
  rendererDir: z.string().nullable(),
  corsOrigins: z.array(z.string()),
  logger: z.boolean(),
});
export type HubConfig = z.infer<typeof HubConfig>;

export class ConfigError extends Error {}

export const HUB_USAGE = `Usage: promptly-hub serve [options]

Options:
  --port N       port to listen on (default 4800; 0 picks a free one)   env PORT
  --host H       interface to bind (default 127.0.0.1; 0.0.0.0 for LAN)  env HOST
  --data DIR     PGlite data folder (default ./data)                    env PROMPTLY_DATA_DIR
  --demo         seed the demo workspace on first start
  --quiet        no request log
Environment:
  DATABASE_URL            use PostgreSQL instead of PGlite
  PROMPTLY_CORS_ORIGINS   extra origins allowed to call the API (comma-separated)
`;

export interface StorageConfig {
  dataDir: string;
  databaseUrl: string | null;
}

/**
 * Where the hub's data lives, resolved the same way for `serve` and for the account commands:
 * the `--data` flag wins over PROMPTLY_DATA_DIR, which wins over ./data; DATABASE_URL selects
 * PostgreSQL instead of PGlite.
 */
export function resolveStorage(
  dataFlag: string | undefined,
  env: Record<string, string | undefined>,
): StorageConfig {
  const parsed = HubConfig.pick({ dataDir: true, databaseUrl: true }).safeParse({
    dataDir: resolve(dataFlag ?? env.PROMPTLY_DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
  });
  if (!parsed.success)
    throw new ConfigError(`Invalid hub configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Flags win over environment variables, which win over defaults. */
export function parseHubConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  defaults: { rendererDir: string | null },
): HubConfig {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        demo: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\n${HUB_USAGE}`);
  }
  const extraOrigins = (env.PROMPTLY_CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const parsed = HubConfig.safeParse({
    port: values.port ?? env.PORT ?? 4800,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    ...resolveStorage(values.data, env),
    demo: values.demo,
    rendererDir: defaults.rendererDir,
    corsOrigins: ['app://promptly', ...extraOrigins],
    logger: !values.quiet,
  });
  if (!parsed.success)
    throw new ConfigError(`Invalid hub configuration: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
