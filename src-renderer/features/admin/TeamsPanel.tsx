import { useState } from 'react';
import type { AdminTeam } from '#shared/contracts/admin.ts';

interface TeamsPanelProps {
  teams: AdminTeam[];
  /** Each resolves to the hub's refusal, or null when the change went through. */
  onCreate: (name: string) => Promise<string | null>;
  onRename: (id: string, name: string) => Promise<string | null>;
}

export function TeamsPanel({ teams, onCreate, onRename }: TeamsPanelProps) {
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <aside className="admin-teams" aria-label="Teams">
      <h3>Teams</h3>
      <ul>
        {teams.map((t) =>
          renaming?.id === t.id ? (
            <li key={t.id}>
              <form
                className="admin-inline"
                onSubmit={(e) => {
                  e.preventDefault();
                  void onRename(t.id, renaming.name).then((failure) => {
                    setError(failure);
                    if (failure === null) setRenaming(null);
                  });
                }}
              >
                <input
                  className="input"
                  aria-label={`New name for ${t.name}`}
                  value={renaming.name}
                  onChange={(e) => setRenaming({ id: t.id, name: e.target.value })}
                  autoFocus
                />
                <button type="submit" className="btn btn-primary">
                  Save
                </button>
                <button type="button" className="btn btn-quiet" onClick={() => setRenaming(null)}>
                  Cancel
                </button>
              </form>
            </li>
          ) : (
            <li key={t.id}>
              <span className="admin-name">{t.name}</span>
              <span className="pane-sub">
                {t.memberCount} {t.memberCount === 1 ? 'member' : 'members'}
              </span>
              <button
                type="button"
                className="btn btn-quiet"
                aria-label={`Rename ${t.name}`}
                onClick={() => setRenaming({ id: t.id, name: t.name })}
              >
                Rename
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
          aria-label="New team name"
          placeholder="New team"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn" disabled={name.trim() === ''}>
          Add team
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
