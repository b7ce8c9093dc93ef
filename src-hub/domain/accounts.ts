import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  AdminTeam,
  AdminUser,
  CreateTeamBody,
  CreateUserBody,
  RenameTeamBody,
  UpdateUserBody,
} from '#shared/contracts/admin.ts';
import type { Agent, Role, Team } from '#shared/domain/user.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import { formatUuidV7, type TeamId } from '#shared/logic/ids.ts';
import type { Database } from '../store/schema.ts';
import { hashPassword } from '../auth/passwords.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { audit } from './audit.ts';
import type { ChangeInput } from './changes.ts';
import type { Writer } from './writer.ts';

/**
 * Users and teams: the one place that creates and changes them, for the admin API and the hub CLI
 * alike. Each change is one transaction that updates the rows, appends the directory records
 * every desktop caches ('agent', 'team'; no team scope, so everyone receives them) and writes the
 * audit entry. Account writes are serialized by an advisory lock, which keeps the checks that
 * span rows (email and team-name uniqueness, "one active admin remains") honest across nodes.
 */

/** Who made a change, for the audit log. The CLI has no user: it records the OS account. */
export type Actor = { via: 'api'; userId: string } | { via: 'cli'; osUser: string | null };

export interface AccountsDeps {
  db: Kysely<Database>;
  write: Writer;
  /** Ends a user's live sockets after a commit; absent in the CLI, which has no sockets. */
  disconnectUser?: (userId: string) => void;
  now?: () => number;
  newId?: () => string;
}

export interface UserUpdateResult {
  user: AdminUser;
  /** Sessions revoked by this change (deactivation or a password set by an admin). */
  sessionsEnded: number;
}

const ACCOUNTS_LOCK = 0x6163636f756e7473n;

const newUuid = () => formatUuidV7(Date.now(), randomBytes(10));
const ms = (d: Date | string) => (d instanceof Date ? d.getTime() : new Date(d).getTime());

export function createAccountsService({
  db,
  write,
  disconnectUser,
  now = Date.now,
  newId = newUuid,
}: AccountsDeps) {
  async function loadUser(q: Kysely<Database>, id: string): Promise<AdminUser | null> {
    const row = await q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const teams = await q
      .selectFrom('team_members')
      .select('team_id')
      .where('user_id', '=', id)
      .orderBy('team_id')
      .execute();
    return userFromRow(
      row,
      teams.map((t) => t.team_id),
    );
  }

  async function loadTeam(q: Kysely<Database>, id: string): Promise<AdminTeam | null> {
    const rows = await teamQuery(q).where('teams.id', '=', id).execute();
    return rows[0] ? teamFromRow(rows[0]) : null;
  }

  /** Runs an account write under the accounts lock; a unique-email race still ends as 409. */
  async function writeAccounts<T>(
    work: (trx: Transaction<Database>, changes: ChangeInput[]) => Promise<T>,
    finalize?: (trx: Transaction<Database>, seq: number | null, result: T) => Promise<void>,
  ): Promise<T> {
    try {
      return await write(async (trx, changes) => {
        await sql`select pg_advisory_xact_lock(${ACCOUNTS_LOCK})`.execute(trx);
        return work(trx, changes);
      }, finalize);
    } catch (error) {
      if (isEmailTaken(error)) throw emailTaken();
      throw error;
    }
  }

  /** How much a role may see: going down this order narrows what a desktop may keep. */
  const RANK: Record<Role, number> = { agent: 0, lead: 1, admin: 2 };

  return {
    async listUsers(): Promise<AdminUser[]> {
      const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
      const members = await db
        .selectFrom('team_members')
        .select(['user_id', 'team_id'])
        .orderBy('team_id')
        .execute();
      const teamsOf = new Map<string, string[]>();
      for (const m of members) {
        const list = teamsOf.get(m.user_id) ?? [];
        list.push(m.team_id);
        teamsOf.set(m.user_id, list);
      }
      return rows.map((r) => userFromRow(r, teamsOf.get(r.id) ?? []));
    },

    async getUser(id: string): Promise<AdminUser> {
      const user = await loadUser(db, id);
      if (!user) throw userNotFound();
      return user;
    },

    async findUserByEmail(email: string): Promise<AdminUser | null> {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return row ? loadUser(db, row.id) : null;
    },

    async listTeams(): Promise<AdminTeam[]> {
      const rows = await teamQuery(db).orderBy('teams.name').orderBy('teams.id').execute();
      return rows.map(teamFromRow);
    },

    /** Team ids for names typed by a person (case-insensitive); 404 naming the first unknown. */
    async teamIdsByName(names: readonly string[]): Promise<TeamId[]> {
      if (names.length === 0) return [];
      const teams = await db.selectFrom('teams').select(['id', 'name']).execute();
      return names.map((name) => {
        const key = name.trim().toLowerCase();
        const team = teams.find((t) => t.name.toLowerCase() === key);
        if (!team) throw new PromptlyError('not_found', `No team is named "${name.trim()}".`);
        return team.id as TeamId;
      });
    },

    async createUser(actor: Actor, input: CreateUserBody): Promise<AdminUser> {
      // Hashing takes tens of milliseconds on purpose: never inside the transaction.
      const passwordHash = await hashPassword(input.password);
      const teamIds = unique(input.teamIds);
      return writeAccounts(async (trx, changes) => {
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', input.email)
          .executeTakeFirst();
        if (taken) throw emailTaken();
        await requireTeams(trx, teamIds);
        const id = newId();
        const at = new Date(now());
        await trx
          .insertInto('users')
          .values({
            id,
            email: input.email,
            name: input.name,
            role: input.role,
            password_hash: passwordHash,
            active: true,
            created_at: at,
            updated_at: at,
          })
          .execute();
        if (teamIds.length > 0) {
          await trx
            .insertInto('team_members')
            .values(teamIds.map((teamId) => ({ team_id: teamId, user_id: id })))
            .execute();
        }
        const user = await loadUser(trx, id);
        if (!user) throw new Error('user vanished inside its own transaction');
        changes.push(agentChange(user));
        await audit(trx, {
          actorId: actorId(actor),
          action: 'user.change',
          entity: 'user',
          entityId: id,
          detail: {
            op: 'create',
            ...via(actor),
            email: user.email,
            name: user.name,
            role: user.role,
            teamIds: user.teamIds,
          },
        });
        return user;
      });
    },

    /**
     * Changes a user. Deactivating them or setting their password ends all their sessions; any
     * change to who they are (role, teams, active) also ends their live sockets, so a desktop
     * reconnects under the new rules or, when deactivated, is refused and wipes its cache.
     */
    async updateUser(actor: Actor, id: string, patch: UpdateUserBody): Promise<UserUpdateResult> {
      const passwordHash = patch.password === undefined ? null : await hashPassword(patch.password);
      const result = await writeAccounts(
        async (trx, changes) => {
          const before = await loadUser(trx, id);
          if (!before) throw userNotFound();
          const role = patch.role ?? before.role;
          const active = patch.active ?? before.active;
          if (before.role === 'admin' && before.active && (role !== 'admin' || !active)) {
            await requireAnotherActiveAdmin(trx, id);
          }
          const at = new Date(now());
          const delta: Record<string, unknown> = {};
          const row: { name?: string; role?: Role; active?: boolean; password_hash?: string } = {};
          if (patch.name !== undefined && patch.name !== before.name) {
            row.name = patch.name;
            delta.name = { from: before.name, to: patch.name };
          }
          if (role !== before.role) {
            row.role = role;
            delta.role = { from: before.role, to: role };
          }
          if (active !== before.active) {
            row.active = active;
            delta.active = { from: before.active, to: active };
          }
          if (passwordHash !== null) {
            row.password_hash = passwordHash;
            delta.password = 'set';
          }
          let teamsChanged = false;
          if (patch.teamIds !== undefined) {
            const next = unique(patch.teamIds);
            const added = next.filter((t) => !before.teamIds.includes(t));
            const removed = before.teamIds.filter((t) => !next.includes(t));
            if (added.length > 0) {
              await requireTeams(trx, added);
              await trx
                .insertInto('team_members')
                .values(added.map((teamId) => ({ team_id: teamId, user_id: id })))
                .execute();
            }
            if (removed.length > 0) {
              await trx
                .deleteFrom('team_members')
                .where('user_id', '=', id)
                .where('team_id', 'in', removed)
                .execute();
            }
            teamsChanged = added.length > 0 || removed.length > 0;
            if (teamsChanged) delta.teamIds = { added, removed };
          }
          if (Object.keys(delta).length === 0) {
            return { user: before, sessionsEnded: 0, disconnect: false, narrowed: false };
          }
          await trx
            .updateTable('users')
            .set({ ...row, updated_at: at })
            .where('id', '=', id)
            .execute();
          const endSessions = passwordHash !== null || (before.active && !active);
          const sessionsEnded = endSessions ? await revokeUserSessions(trx, id, at) : 0;
          const user = await loadUser(trx, id);
          if (!user) throw new Error('user vanished inside its own transaction');
          if (!sameAgent(agentOf(before), agentOf(user))) changes.push(agentChange(user));
          await audit(trx, {
            actorId: actorId(actor),
            action: 'user.change',
            entity: 'user',
            entityId: id,
            detail: {
              op: !active && before.active ? 'deactivate' : 'update',
              ...via(actor),
              changes: delta,
              sessionsEnded,
            },
          });
          const disconnect = endSessions || role !== before.role || teamsChanged;
          const narrowed =
            (delta.teamIds as { removed: string[] } | undefined)?.removed.length ||
            RANK[role] < RANK[before.role];
          return { user, sessionsEnded, disconnect, narrowed: Boolean(narrowed) };
        },
        // Their desktop may hold what they may no longer read, and the log never takes anything
        // back: any cursor before this very change starts over (the pull answers resync_required).
        async (trx, seq, r) => {
          if (r.narrowed && seq !== null)
            await trx
              .updateTable('users')
              .set({ resync_before: String(seq) })
              .where('id', '=', id)
              .execute();
        },
      );
      if (result.disconnect) disconnectUser?.(id);
      return { user: result.user, sessionsEnded: result.sessionsEnded };
    },

    async createTeam(actor: Actor, input: CreateTeamBody): Promise<AdminTeam> {
      return writeAccounts(async (trx, changes) => {
        await requireFreeTeamName(trx, input.name, null);
        const team: Team = { id: newId(), name: input.name } as Team;
        await trx
          .insertInto('teams')
          .values({ id: team.id, name: team.name, created_at: new Date(now()) })
          .execute();
        changes.push(teamChange(team));
        await audit(trx, {
          actorId: actorId(actor),
          action: 'user.change',
          entity: 'team',
          entityId: team.id,
          detail: { op: 'create', ...via(actor), name: team.name },
        });
        return { ...team, memberCount: 0 };
      });
    },

    async renameTeam(actor: Actor, id: string, input: RenameTeamBody): Promise<AdminTeam> {
      return writeAccounts(async (trx, changes) => {
        const before = await loadTeam(trx, id);
        if (!before) throw new PromptlyError('not_found', 'No such team.');
        if (before.name === input.name) return before;
        await requireFreeTeamName(trx, input.name, id);
        await trx.updateTable('teams').set({ name: input.name }).where('id', '=', id).execute();
        const team = { ...before, name: input.name };
        changes.push(teamChange({ id: team.id, name: team.name }));
        await audit(trx, {
          actorId: actorId(actor),
          action: 'user.change',
          entity: 'team',
          entityId: id,
          detail: { op: 'rename', ...via(actor), name: { from: before.name, to: input.name } },
        });
        return team;
      });
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;

function teamQuery(q: Kysely<Database>) {
  return q
    .selectFrom('teams')
    .leftJoin('team_members', 'team_members.team_id', 'teams.id')
    .select((eb) => [
      'teams.id',
      'teams.name',
      eb.fn.count<string | number>('team_members.user_id').as('members'),
    ])
    .groupBy(['teams.id', 'teams.name']);
}

function teamFromRow(r: { id: string; name: string; members: string | number }): AdminTeam {
  return { id: r.id, name: r.name, memberCount: Number(r.members) } as AdminTeam;
}

function userFromRow(
  r: {
    id: string;
    email: string;
    name: string;
    role: Role;
    active: boolean;
    created_at: Date;
    updated_at: Date;
  },
  teamIds: string[],
): AdminUser {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    teamIds,
    active: r.active,
    createdAt: ms(r.created_at),
    updatedAt: ms(r.updated_at),
  } as AdminUser;
}

/** The directory record every colleague's desktop caches. */
export function agentOf(u: AdminUser): Agent {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    teamIds: u.teamIds,
    active: u.active,
  };
}

function sameAgent(a: Agent, b: Agent) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function agentChange(u: AdminUser): ChangeInput {
  const data = agentOf(u);
  return { entity: 'agent', entityId: u.id, op: 'put', teamId: null, assigneeId: null, data };
}

function teamChange(t: Team): ChangeInput {
  const data: Team = { id: t.id, name: t.name };
  return { entity: 'team', entityId: t.id, op: 'put', teamId: null, assigneeId: null, data };
}

async function requireTeams(trx: Transaction<Database>, teamIds: readonly string[]) {
  if (teamIds.length === 0) return;
  const found = await trx
    .selectFrom('teams')
    .select('id')
    .where('id', 'in', [...teamIds])
    .execute();
  const missing = teamIds.filter((t) => !found.some((f) => f.id === t));
  if (missing.length > 0) {
    throw new PromptlyError('invalid_input', `teamIds: no such team ${missing.join(', ')}`);
  }
}

async function requireFreeTeamName(
  trx: Transaction<Database>,
  name: string,
  exceptId: string | null,
) {
  let query = trx
    .selectFrom('teams')
    .select('name')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase());
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  const clash = await query.executeTakeFirst();
  if (clash) throw new PromptlyError('conflict', `A team named "${clash.name}" already exists.`);
}

async function requireAnotherActiveAdmin(trx: Transaction<Database>, userId: string) {
  const other = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .where('active', '=', true)
    .where('id', '!=', userId)
    .executeTakeFirst();
  if (!other) {
    throw new PromptlyError(
      'conflict',
      'This is the last active admin. Make someone else an admin first.',
    );
  }
}

function actorId(actor: Actor) {
  return actor.via === 'api' ? actor.userId : null;
}

function via(actor: Actor) {
  return actor.via === 'api' ? { via: 'api' } : { via: 'cli', osUser: actor.osUser };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function userNotFound() {
  return new PromptlyError('not_found', 'No such user.');
}

function emailTaken() {
  return new PromptlyError('conflict', 'A user with that email already exists.');
}

/** PostgreSQL's unique_violation on users.email, as both pg and PGlite report it. */
function isEmailTaken(error: unknown) {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'users_email_key';
}
