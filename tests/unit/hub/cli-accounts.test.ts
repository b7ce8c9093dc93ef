import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../../src-hub/server.ts';

/**
 * The hub CLI as an operator runs it: a real `node src-hub/cli.ts` process against a PGlite
 * folder (or, when TEST_DATABASE_URL is set, a fresh PostgreSQL database), then a hub started on
 * the same storage where the people the CLI created sign in.
 */

const CLI = fileURLToPath(new URL('../../../src-hub/cli.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SLOW = { timeout: 180_000 };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
    if (!opts.env?.DATABASE_URL) delete env.DATABASE_URL;
    delete env.PROMPTLY_DATA_DIR;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

describe('hub CLI usage and input checks', () => {
  let scratch: string;
  let untouched: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'promptly-cli-usage-'));
    untouched = join(scratch, 'never-created');
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('prints the command list and fails without a command', SLOW, async () => {
    const run = await cli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('user add');
    expect(run.stderr).toContain('team list');
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('user set-password');
  });

  it.each([
    ['user add', '--email E --name N --role agent|lead|admin'],
    ['user list', '--json'],
    ['user deactivate', '--email E'],
    ['user set-password', '--password-file F'],
    ['team add', '--name N'],
    ['team list', 'team list'],
  ])('explains %s with --help', SLOW, async (command, expected) => {
    const run = await cli([...command.split(' '), '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(expected);
    expect(run.stdout).toContain('--data DIR');
  });

  it('names an unknown command', SLOW, async () => {
    const run = await cli(['user', 'promote']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Unknown command: user promote');
  });

  it.each([
    ['a missing email', ['user', 'add', '--name', 'N', '--role', 'agent'], '--email is required'],
    [
      'a bad email',
      ['user', 'add', '--email', 'nope', '--name', 'N', '--role', 'agent'],
      '--email',
    ],
    [
      'a bad role',
      ['user', 'add', '--email', 'a@b.test', '--name', 'N', '--role', 'boss'],
      '--role',
    ],
    [
      'a blank name',
      ['user', 'add', '--email', 'a@b.test', '--name', ' ', '--role', 'agent'],
      '--name',
    ],
    ['an unknown flag', ['team', 'add', '--name', 'T', '--colour', 'red'], "'--colour'"],
    ['a positional argument', ['team', 'list', 'extra'], 'extra'],
    [
      'a password on the command line',
      ['user', 'add', '--email', 'a@b.test', '--name', 'N', '--role', 'agent', '--password', 'p'],
      "'--password'",
    ],
  ])('refuses %s with exit code 2 before opening storage', SLOW, async (_label, args, message) => {
    const run = await cli([...args, '--data', untouched], { stdin: 'long-enough-password\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(existsSync(untouched)).toBe(false);
  });

  it('refuses a missing or short password', SLOW, async () => {
    const args = ['user', 'add', '--email', 'a@b.test', '--name', 'N', '--role', 'agent'];
    const none = await cli([...args, '--data', untouched], { stdin: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No password given');
    const short = await cli([...args, '--data', untouched], { stdin: 'short\n' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
    const missingFile = await cli([
      ...args,
      '--password-file',
      join(scratch, 'nope.txt'),
      '--data',
      untouched,
    ]);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain('--password-file');
    expect(existsSync(untouched)).toBe(false);
  });
});

describe('hub CLI account commands', () => {
  let dataDir: string;
  let env: Record<string, string> = {};
  let adminUrl: string | undefined;
  let dbName: string | null = null;
  let databaseUrl: string | null = null;
  let hub: Hub | null = null;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'promptly-cli-'));
    adminUrl = process.env.TEST_DATABASE_URL;
    if (adminUrl) {
      dbName = `promptly_cli_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      await withAdmin(adminUrl, (c) => c.query(`create database ${dbName}`));
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      databaseUrl = url.toString();
      env = { DATABASE_URL: databaseUrl };
    }
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
    if (adminUrl && dbName) {
      await withAdmin(adminUrl, (c) => c.query(`drop database if exists ${dbName} with (force)`));
    }
  }, 60_000);

  const run = (args: string[], stdin?: string) =>
    cli([...args, '--data', dataDir], { env, ...(stdin !== undefined ? { stdin } : {}) });

  it(
    'creates teams and users that can then sign in to a hub on the same storage',
    { timeout: 600_000 },
    async () => {
      const team = await run(['team', 'add', '--name', 'Support']);
      expect(team.stderr).toBe('');
      expect(team.code).toBe(0);
      expect(team.stdout).toMatch(/^Created team "Support"; id [0-9a-f-]{36}\.\n$/);

      const ada = await run(
        ['user', 'add', '--email', 'Ada@Example.test', '--name', 'Ada', '--role', 'agent'].concat([
          '--team',
          'support',
        ]),
        'ada-first-password\n',
      );
      expect(ada.stderr).toBe('');
      expect(ada.code).toBe(0);
      expect(ada.stdout).toMatch(
        /^Created agent ada@example\.test "Ada" in Support; id [0-9a-f-]{36}\.\n$/,
      );

      const passwordFile = join(dataDir, '..', `promptly-cli-pw-${process.pid}.txt`);
      await writeFile(passwordFile, 'lin-file-password\r\n', { mode: 0o600 });
      const lin = await run([
        'user',
        'add',
        '--email',
        'lin@example.test',
        '--name',
        'Lin',
        '--role',
        'lead',
        '--password-file',
        passwordFile,
      ]);
      await rm(passwordFile, { force: true });
      expect(lin.code).toBe(0);
      expect(lin.stdout).toContain('Created lead lin@example.test "Lin" (no team)');

      const dup = await run(
        ['user', 'add', '--email', 'ADA@example.test', '--name', 'Ada 2', '--role', 'agent'],
        'another-password\n',
      );
      expect(dup.code).toBe(1);
      expect(dup.stderr).toBe('A user with that email already exists.\n');

      const noTeam = await run(
        ['user', 'add', '--email', 'x@example.test', '--name', 'X', '--role', 'agent'].concat([
          '--team',
          'Billing',
        ]),
        'another-password\n',
      );
      expect(noTeam.code).toBe(1);
      expect(noTeam.stderr).toContain('No team is named "Billing"');

      const setPw = await run(
        ['user', 'set-password', '--email', 'ada@example.test'],
        'ada-second-password\n',
      );
      expect(setPw.code).toBe(0);
      expect(setPw.stdout).toBe('Set a new password for ada@example.test; ended 0 sessions.\n');

      const off = await run(['user', 'deactivate', '--email', 'lin@example.test']);
      expect(off.code).toBe(0);
      expect(off.stdout).toBe('Deactivated lin@example.test; ended 0 sessions.\n');

      const unknown = await run(['user', 'deactivate', '--email', 'who@example.test']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('No user has the email who@example.test');

      const users = await run(['user', 'list']);
      expect(users.code).toBe(0);
      expect(users.stdout.split('\n')).toEqual([
        'EMAIL             NAME  ROLE   STATUS    TEAMS',
        'ada@example.test  Ada   agent  active    Support',
        'lin@example.test  Lin   lead   inactive',
        '2 users',
        '',
      ]);
      const teams = await run(['team', 'list', '--json']);
      expect(JSON.parse(teams.stdout)).toEqual([
        expect.objectContaining({ name: 'Support', memberCount: 1 }),
      ]);

      hub = await startHub({
        port: 0,
        host: '127.0.0.1',
        dataDir,
        databaseUrl,
        demo: false,
        rendererDir: null,
        corsOrigins: [],
        logger: false,
      });
      expect(await login(hub, 'ada@example.test', 'ada-first-password')).toBe(401);
      expect(await login(hub, 'ada@example.test', 'ada-second-password')).toBe(200);
      expect(await login(hub, 'lin@example.test', 'lin-file-password')).toBe(401);

      const audit = await hub.store.db
        .selectFrom('audit_log')
        .select(['actor_id', 'action', 'entity', 'detail'])
        .orderBy('id')
        .execute();
      const ops = audit.map((a) => {
        const d = (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail) as {
          op: string;
          via: string;
        };
        return `${a.entity}:${d.op}:${d.via}:${String(a.actor_id)}`;
      });
      expect(ops).toEqual([
        'team:create:cli:null',
        'user:create:cli:null',
        'user:create:cli:null',
        'user:update:cli:null',
        'user:deactivate:cli:null',
      ]);
      expect(JSON.stringify(audit)).not.toMatch(/password\b.*first|second-password|file-password/);

      const changes = await hub.store.db
        .selectFrom('changes')
        .select(['entity', 'team_id'])
        .orderBy('seq')
        .execute();
      expect(changes).toEqual([
        { entity: 'team', team_id: null },
        { entity: 'agent', team_id: null },
        { entity: 'agent', team_id: null },
        { entity: 'agent', team_id: null },
      ]);
    },
  );
});

async function login(hub: Hub, email: string, password: string) {
  const res = await fetch(`${hub.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res.status;
}

async function withAdmin(url: string, work: (c: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
