import type { AdminUser } from '#shared/contracts/admin.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import type { AdminData } from './AdminScreen.tsx';
import { formatList } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';

export function UsersTable({
  data,
  onEdit,
}: {
  data: AdminData;
  onEdit: (user: AdminUser) => void;
}) {
  const { t } = useTranslation(['admin', 'common']);
  const teamName = new Map(data.teams.map((t) => [t.id, t.name]));
  return (
    <table className="admin-table">
      <caption className="sr-only">{t('users.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('users.name')}</th>
          <th scope="col">{t('users.role')}</th>
          <th scope="col">{t('users.teams')}</th>
          <th scope="col">{t('users.status')}</th>
          <th scope="col">
            <span className="sr-only">{t('users.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {data.users.map((u) => (
          <tr key={u.id} data-active={u.active}>
            <td>
              <div className="admin-person">
                <Avatar name={u.name} seed={u.id} size={24} />
                <div>
                  <div className="admin-name">{u.name}</div>
                  <div className="pane-sub">{u.email}</div>
                </div>
              </div>
            </td>
            <td className="admin-role">{t(`common:role.${u.role}`)}</td>
            <td>
              {formatList(u.teamIds.map((id) => teamName.get(id) ?? t('users.unknownTeam'))) || '—'}
            </td>
            <td>
              <span className={`badge ${u.active ? 'badge-open' : 'badge-pending'}`}>
                {u.active ? t('users.active') : t('users.deactivated')}
              </span>
            </td>
            <td>
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => onEdit(u)}
                aria-label={t('users.edit', { name: u.name })}
              >
                {t('common:edit')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
