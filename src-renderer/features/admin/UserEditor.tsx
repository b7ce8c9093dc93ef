import { useEffect, useRef, useState } from 'react';
import type {
  AdminTeam,
  AdminUser,
  CreateUserBody,
  UpdateUserBody,
} from '#shared/contracts/admin.ts';
import { MIN_PASSWORD_LENGTH } from '#shared/contracts/admin.ts';
import type { Role } from '#shared/domain/user.ts';
import type { TeamId } from '#shared/logic/ids.ts';
import { useTranslation } from '../../i18n/index.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface UserEditorProps {
  /** Null: a new user. */
  user: AdminUser | null;
  teams: AdminTeam[];
  onCancel: () => void;
  /** Resolves to the hub's refusal, or null when saved. */
  onSave: (body: UpdateUserBody | CreateUserBody) => Promise<string | null>;
}

const ROLES: Role[] = ['agent', 'lead', 'admin'];

/** Create or edit one user, in a modal dialog. Only changed fields are sent on an edit. */
export function UserEditor({ user, teams, onCancel, onSave }: UserEditorProps) {
  const { t } = useTranslation(['admin', 'common']);
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(user?.name ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'agent');
  const [teamIds, setTeamIds] = useState<TeamId[]>(user?.teamIds ?? []);
  const [active, setActive] = useState(user?.active ?? true);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  function body(): UpdateUserBody | CreateUserBody {
    if (!user) return { email, name, role, teamIds, password };
    const changed: Mutable<UpdateUserBody> = {};
    if (name !== user.name) changed.name = name;
    if (role !== user.role) changed.role = role;
    if (active !== user.active) changed.active = active;
    if (teamIds.join() !== user.teamIds.join()) changed.teamIds = teamIds;
    if (password) changed.password = password;
    return changed;
  }

  return (
    <dialog
      ref={ref}
      className="sheet admin-editor"
      aria-labelledby="user-editor-title"
      onClose={onCancel}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const b = body();
          if (user && Object.keys(b).length === 0) return onCancel();
          setBusy(true);
          void onSave(b).then((failure) => {
            setBusy(false);
            setError(failure);
          });
        }}
      >
        <h2 id="user-editor-title">
          {user ? t('editor.editTitle', { name: user.name }) : t('editor.addTitle')}
        </h2>
        <label className="field">
          <span>{t('editor.name')}</span>
          <input
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>{t('editor.email')}</span>
          <input
            className="input"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            readOnly={user !== null}
            required
          />
        </label>
        <label className="field">
          <span>{t('editor.role')}</span>
          <select className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((value) => (
              <option key={value} value={value}>
                {t(`common:role.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="filter-group">
          <legend>{t('editor.teams')}</legend>
          {teams.map((team) => (
            <label key={team.id} className="chip-toggle">
              <input
                type="checkbox"
                checked={teamIds.includes(team.id)}
                onChange={() =>
                  setTeamIds((ids) =>
                    ids.includes(team.id) ? ids.filter((x) => x !== team.id) : [...ids, team.id],
                  )
                }
              />
              <span>{team.name}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{user ? t('editor.newPassword') : t('editor.password')}</span>
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required={user === null}
          />
        </label>
        {user && (
          <label className="admin-check">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
            <span>{t('editor.active')}</span>
          </label>
        )}
        {error && (
          <p className="signin-error" role="alert">
            {error}
          </p>
        )}
        <div className="admin-actions">
          <button type="button" className="btn btn-quiet" onClick={onCancel}>
            {t('common:cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {user ? t('common:save') : t('editor.add')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
