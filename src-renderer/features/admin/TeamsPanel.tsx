import { useState } from 'react';
import type { AdminTeam } from '#shared/contracts/admin.ts';
import { useTranslation } from '../../i18n/index.ts';

interface TeamsPanelProps {
  teams: AdminTeam[];
  /** Each resolves to the hub's refusal, or null when the change went through. */
  onCreate: (name: string) => Promise<string | null>;
  onRename: (id: string, name: string) => Promise<string | null>;
}

export function TeamsPanel({ teams, onCreate, onRename }: TeamsPanelProps) {
  const { t } = useTranslation(['admin', 'common']);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <aside className="admin-teams" aria-label={t('teams.title')}>
      <h3>{t('teams.title')}</h3>
      <ul>
        {teams.map((team) =>
          renaming?.id === team.id ? (
            <li key={team.id}>
              <form
                className="admin-inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  void onRename(team.id, renaming.name).then((failure) => {
                    setError(failure);
                    if (failure === null) setRenaming(null);
                  });
                }}
              >
                <input
                  className="input"
                  aria-label={t('teams.newName', { name: team.name })}
                  value={renaming.name}
                  onChange={(e) => setRenaming({ id: team.id, name: e.target.value })}
                  autoFocus
                />
                <button type="submit" className="btn btn-primary">
                  {t('common:save')}
                </button>
                <button type="button" className="btn btn-quiet" onClick={() => setRenaming(null)}>
                  {t('common:cancel')}
                </button>
              </form>
            </li>
          ) : (
            <li key={team.id}>
              <span className="admin-name">{team.name}</span>
              <span className="pane-sub">{t('teams.members', { count: team.memberCount })}</span>
              <button
                type="button"
                className="btn btn-quiet"
                aria-label={t('teams.renameLabel', { name: team.name })}
                onClick={() => setRenaming({ id: team.id, name: team.name })}
              >
                {t('teams.rename')}
              </button>
            </li>
          ),
        )}
      </ul>
      <form
        className="admin-inline"
        onSubmit={(e) => {
          e.preventDefault();
          void onCreate(name).then((failure) => {
            setError(failure);
            if (failure === null) setName('');
          });
        }}
      >
        <input
          className="input"
          aria-label={t('teams.newTeam')}
          placeholder={t('teams.newTeamPlaceholder')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn" disabled={name.trim() === ''}>
          {t('teams.add')}
        </button>
      </form>
      {error && (
        <p className="signin-error" role="alert">
          {error}
        </p>
      )}
    </aside>
  );
}
