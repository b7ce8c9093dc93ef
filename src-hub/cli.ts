import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { DisplayName, NewPassword } from '#shared/contracts/admin.ts';
import { Email, Role } from '#shared/domain/user.ts';
import { LIMITS } from '#shared/domain/limits.ts';
import { describeIssues, PromptlyError } from '#shared/logic/ack.ts';
import { ConfigError, HUB_USAGE, parseHubConfig, resolveStorage } from './config.ts';
import { openStore, type Store } from './store/database.ts';
import { createAccountsService, type AccountsService, type Actor } from './domain/accounts.ts';
import { createWriter } from './domain/writer.ts';

/**
 * The hub's command line: `serve` runs the hub; the `user` and `team` commands manage accounts
 * on the same storage through the same accounts service the admin API uses, so every change is
 * audited and reaches every desktop through the change log.
 *
 *   npm run hub -- user add --email ada@example.com --name "Ada" --role agent --team Support
 *
 * Passwords are read from stdin or --password-file, never from the command line, where they
 * would show in `ps` and in shell history.
 */

const rendererDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/** Wrong usage or invalid input: exit 2 with the message (and usage when it helps). */
class UsageError extends Error {}

const STORAGE_HELP = `Storage (the same as serve):
  --data DIR     PGlite data folder (default ./data)   env PROMPTLY_DATA_DIR
  DATABASE_URL   use PostgreSQL instead of PGlite
With PGlite, stop the hub first: only one process may open a PGlite data folder.`;

const PASSWORD_HELP = `The password is read from stdin (typed without echo on a terminal, or piped in), or from
--password-file F. Never pass it as an argument: it would show in ps and shell history.`;

/**
 * A command checks its flags (and reads the password) before any storage is opened, so bad input
 * fails fast and never creates a data folder; the function it returns does the work.
 */
interface Command {
  usage: string;
  options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;
  prepare(values: Record<string, unknown>): Promise<(ctx: CommandContext) => Promise<string>>;
}

interface CommandContext {
  accounts: AccountsService;
  actor: Actor;
}

const storageOption = { data: { type: 'string' } } as const;
const passwordFileOption = { 'password-file': { type: 'string' } } as const;

const commands: Record<string, Command> = {
  'user add': {
    usage: `Usage: npm run hub -- user add --email E --name N --role agent|lead|admin [--team NAME]...
                               [--password-file F] [--data DIR]

Creates an active user, a member of each named team (names ignore case).
${PASSWORD_HELP}

${STORAGE_HELP}
`,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string', multiple: true },
      ...passwordFileOption,
      ...storageOption,
    },
    async prepare(values) {
      const email = field('--email', Email, values.email);
      const name = field('--name', DisplayName, values.name);
      const role = field('--role', Role, values.role);
      const teamNames = ((values.team as string[] | undefined) ?? []).map((t) =>
        field('--team', DisplayName, t),
      );
      const password = await readPassword(values['password-file'], `Password for ${email}: `);
      return async ({ accounts, actor }) => {
        const teamIds = await accounts.teamIdsByName(teamNames);
        const user = await accounts.createUser(actor, { email, name, role, password, teamIds });
        const names = (await accounts.listTeams())
          .filter((t) => user.teamIds.includes(t.id))
          .map((t) => t.name);
        const teams = names.length > 0 ? ` in ${names.join(', ')}` : ' (no team)';
        return `Created ${user.role} ${user.email} "${user.name}"${teams}; id ${user.id}.`;
      };
    },
  },

  'user list': {
    usage: `Usage: npm run hub -- user list [--json] [--data DIR]

Lists every user with role, status and teams.

${STORAGE_HELP}
`,
    options: { json: { type: 'boolean' }, ...storageOption },
    async prepare(values) {
      return async ({ accounts }) => {
        const [users, teams] = await Promise.all([accounts.listUsers(), accounts.listTeams()]);
        if (values.json) return JSON.stringify(users, null, 2);
        const teamName = new Map<string, string>(teams.map((t) => [t.id, t.name]));
        return table(
          ['EMAIL', 'NAME', 'ROLE', 'STATUS', 'TEAMS'],
          users.map((u) => [
            u.email,
            u.name,
            u.role,
            u.active ? 'active' : 'inactive',
            u.teamIds.map((id) => teamName.get(id) ?? id).join(', '),
          ]),
          plural(users.length, 'user'),
        );
      };
    },
  },

  'user deactivate': {
    usage: `Usage: npm run hub -- user deactivate --email E [--data DIR]

Deactivates a user: they can no longer sign in and all their sessions end, so their desktop is
refused when it next connects and wipes its cache.

${STORAGE_HELP}
`,
    options: { email: { type: 'string' }, ...storageOption },
    async prepare(values) {
      const email = field('--email', Email, values.email);
      return async ({ accounts, actor }) => {
        const user = await userByEmail(accounts, email);
        if (!user.active) return `${user.email} is already inactive; nothing changed.`;
        const { sessionsEnded } = await accounts.updateUser(actor, user.id, { active: false });
        return `Deactivated ${user.email}; ended ${plural(sessionsEnded, 'session')}.`;
      };
    },
  },

  'user activate': {
    usage: `Usage: npm run hub -- user activate --email E [--data DIR]

Lets a deactivated user sign in again (with their existing password).

${STORAGE_HELP}
`,
    options: { email: { type: 'string' }, ...storageOption },
    async prepare(values) {
      const email = field('--email', Email, values.email);
      return async ({ accounts, actor }) => {
        const user = await userByEmail(accounts, email);
        if (user.active) return `${user.email} is already active; nothing changed.`;
        await accounts.updateUser(actor, user.id, { active: true });
        return `Activated ${user.email}.`;
      };
    },
  },

  'user set-password': {
    usage: `Usage: npm run hub -- user set-password --email E [--password-file F] [--data DIR]

Sets a user's password and ends all their sessions, so every device must sign in again.
${PASSWORD_HELP}

${STORAGE_HELP}
`,
    options: { email: { type: 'string' }, ...passwordFileOption, ...storageOption },
    async prepare(values) {
      const email = field('--email', Email, values.email);
      const password = await readPassword(values['password-file'], `New password for ${email}: `);
      return async ({ accounts, actor }) => {
        const user = await userByEmail(accounts, email);
        const { sessionsEnded } = await accounts.updateUser(actor, user.id, { password });
        return `Set a new password for ${user.email}; ended ${plural(sessionsEnded, 'session')}.`;
      };
    },
  },

  'team add': {
    usage: `Usage: npm run hub -- team add --name N [--data DIR]

Creates a team. Team names are unique, ignoring case.

${STORAGE_HELP}
`,
    options: { name: { type: 'string' }, ...storageOption },
    async prepare(values) {
      const name = field('--name', DisplayName, values.name);
      return async ({ accounts, actor }) => {
        const team = await accounts.createTeam(actor, { name });
        return `Created team "${team.name}"; id ${team.id}.`;
      };
    },
  },

  'team list': {
    usage: `Usage: npm run hub -- team list [--json] [--data DIR]

Lists every team with its number of members.

${STORAGE_HELP}
`,
    options: { json: { type: 'boolean' }, ...storageOption },
    async prepare(values) {
      return async ({ accounts }) => {
        const teams = await accounts.listTeams();
        if (values.json) return JSON.stringify(teams, null, 2);
        return table(
          ['NAME', 'MEMBERS', 'ID'],
          teams.map((t) => [t.name, String(t.memberCount), t.id]),
          plural(teams.length, 'team'),
        );
      };
    },
  },
};

export const CLI_USAGE = `Usage: npm run hub -- <command> [options]      (or: node src-hub/cli.ts <command> ...)

Commands:
  serve               run the hub (npm run hub -- serve --help)
  user add            create a user (password from stdin or --password-file)
  user list           list users
  user deactivate     deactivate a user and end their sessions
  user activate       let a deactivated user sign in again
  user set-password   set a user's password (stdin or --password-file) and end their sessions
  team add            create a team
  team list           list teams

Add --help to any command for its options.
`;

async function main(argv: string[]): Promise<number> {
  const [group, sub, ...rest] = argv;
  if (group === undefined || group === 'help' || group === '--help' || group === '-h') {
    (group === undefined ? process.stderr : process.stdout).write(CLI_USAGE);
    return group === undefined ? 2 : 0;
  }
  if (group === 'serve') return serve(argv.slice(1));
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(CLI_USAGE);
    return 0;
  }
  const name = `${group} ${sub ?? ''}`.trim();
  const command = commands[name];
  if (!command) {
    const known = group === 'user' || group === 'team';
    const what =
      known && sub === undefined ? `Missing ${group} command.` : `Unknown command: ${name}`;
    process.stderr.write(`${what}\n\n${CLI_USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage);
    return 0;
  }
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${command.usage}`);
  }
  const storage = resolveStorage(values.data as string | undefined, process.env);
  const run = await command.prepare(values);
  const store = await openStorage(storage);
  try {
    // No sockets here: connected desktops pick the change up on their next pull.
    const write = createWriter(store.db, () => {});
    const accounts = createAccountsService({ db: store.db, write });
    const output = await run({ accounts, actor: { via: 'cli', osUser: osUser() } });
    process.stdout.write(`${output}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

async function serve(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HUB_USAGE);
    return 0;
  }
  const config = parseHubConfig(args, process.env, { rendererDir });
  // Loaded only here: the account commands need neither Fastify nor socket.io.
  const { startHub } = await import('./server.ts');
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

async function openStorage(storage: { dataDir: string; databaseUrl: string | null }) {
  const config = storage.databaseUrl
    ? ({ engine: 'postgres', url: storage.databaseUrl, poolSize: 2 } as const)
    : ({ engine: 'pglite', dataDir: storage.dataDir } as const);
  return openStore(config).catch((error: unknown): Store => {
    const where = storage.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : storage.dataDir;
    throw new Error(`Could not open the hub's storage at ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  });
}

/** Parses one flag's value with the same zod schema the API uses. */
function field<T extends z.ZodType>(flag: string, schema: T, value: unknown): z.infer<T> {
  if (value === undefined) throw new UsageError(`${flag} is required.`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`${flag}: ${describeIssues(parsed.error).replace(/^\(root\): /, '')}`);
  }
  return parsed.data;
}

async function userByEmail(accounts: AccountsService, email: string) {
  const user = await accounts.findUserByEmail(email);
  if (!user) throw new PromptlyError('not_found', `No user has the email ${email}.`);
  return user;
}

/**
 * The password from --password-file, from a terminal without echo (asked twice), or from piped
 * stdin. One trailing newline is dropped, as `echo` and editors add it.
 */
async function readPassword(file: unknown, prompt: string): Promise<string> {
  let raw: string;
  if (typeof file === 'string') {
    try {
      raw = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--password-file: cannot read ${file}: ${(error as Error).message}`);
    }
  } else if (process.stdin.isTTY) {
    raw = await promptHidden(prompt);
    const again = await promptHidden('Repeat it: ');
    if (again !== raw) throw new UsageError('The two passwords do not match.');
  } else {
    raw = await readStdin(LIMITS.password * 4 + 2);
  }
  const password = raw.replace(/\r?\n$/, '');
  if (password.length === 0) {
    throw new UsageError(
      'No password given: pipe it to stdin, type it at the prompt, or use --password-file F.',
    );
  }
  const parsed = NewPassword.safeParse(password);
  if (!parsed.success) {
    throw new UsageError(`password: ${describeIssues(parsed.error).replace(/^\(root\): /, '')}`);
  }
  return parsed.data;
}

async function readStdin(maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBytes) throw new UsageError('The password on stdin is too long.');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolvePrompt, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolvePrompt(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new UsageError('Cancelled.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

function table(header: string[], rows: string[][], footer: string): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line), footer].join('\n');
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? null;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const serving = process.argv[2] === 'serve';
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message.trimEnd()}\n`);
      process.exit(2);
    }
    if (error instanceof PromptlyError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(error.code === 'invalid_input' ? 2 : 1);
    }
    process.stderr.write(
      serving
        ? `Hub failed to start: ${String((error as Error)?.stack ?? error)}\n`
        : `${(error as Error)?.message ?? String(error)}\n`,
    );
    process.exit(1);
  },
);
