import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AdminTeam, AdminUser, CreateUserBody } from '#shared/contracts/admin.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import { useAppStore } from '../../app/store.ts';
import { adminApi } from './admin-api.ts';
import { TeamsPanel } from './TeamsPanel.tsx';
import { UserEditor } from './UserEditor.tsx';
import { UsersTable } from './UsersTable.tsx';
import { i18n, useTranslation } from '../../i18n/index.ts';

export interface AdminData {
  users: AdminUser[];
  teams: AdminTeam[];
}

function message(error: unknown): string {
  return error instanceof PromptlyError ? error.message : i18n.t('common:somethingWentWrong');
}

/** Users and teams, for admins. Every change is confirmed by the hub before the list shows it. */
export function AdminScreen() {
  const { t } = useTranslation(['admin', 'common']);
  const session = useAppStore((s) => s.session);
  const api = useMemo(
    () => (session ? adminApi({ hubUrl: session.hubUrl, token: session.token }) : null),
    [session],
  );
  const [data, setData] = useState<AdminData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<AdminUser | 'new' | null>(null);

  // Bumped to fetch again; the fetch itself lives in the effect so a stale answer is dropped.
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (!api) return;
    let current = true;
    Promise.all([api.users(), api.teams()]).then(
      ([{ users }, { teams }]) => {
        if (!current) return;
        setData({ users, teams });
        setError(null);
      },
      (e: unknown) => {
        if (current) setError(message(e));
      },
    );
    return () => {
      current = false;
    };
  }, [api, generation]);

  /** Runs one change; on success reloads, on refusal keeps the form open with the hub's reason. */
  const run = useCallback(
    async (change: () => Promise<unknown>): Promise<string | null> => {
      try {
        await change();
        reload();
        return null;
      } catch (e) {
        return message(e);
      }
    },
    [reload],
  );

  if (!api) return null;
  return (
    <section className="admin" aria-label={t('label')}>
      <header className="pane-head">
        <h2>{t('title')}</h2>
        <span className="pane-sub">{data ? t('people', { count: data.users.length }) : ''}</span>
        <button
          type="button"
          className="btn btn-primary admin-add"
          onClick={() => setEditing('new')}
        >
          {t('addUser')}
        </button>
      </header>
      {error && (
        <div className="signin-error admin-error" role="alert">
          {error}{' '}
          <button type="button" className="btn btn-quiet" onClick={reload}>
            {t('common:retry')}
          </button>
        </div>
      )}
      {data && (
        <div className="admin-body">
          <UsersTable data={data} onEdit={setEditing} />
          <TeamsPanel
            teams={data.teams}
            onCreate={(name) => run(() => api.createTeam(name))}
            onRename={(id, name) => run(() => api.renameTeam(id, name))}
          />
        </div>
      )}
      {data && editing && (
        <UserEditor
          user={editing === 'new' ? null : editing}
          teams={data.teams}
          onCancel={() => setEditing(null)}
          onSave={async (body) => {
            const failure = await run(() =>
              editing === 'new'
                ? api.createUser(body as CreateUserBody)
                : api.updateUser(editing.id, body),
            );
            if (failure === null) setEditing(null);
            return failure;
          }}
        />
      )}
    </section>
  );
}
