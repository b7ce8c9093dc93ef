import type { AdminUser } from '#shared/contracts/admin.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import type { AdminData } from './AdminScreen.tsx';

export function UsersTable({
  data,
  onEdit,
}: {
  data: AdminData;
  onEdit: (user: AdminUser) => void;
}) {
  const teamName = new Map(data.teams.map((t) => [t.id, t.name]));
  return (
    <table className="admin-table">
      <caption className="sr-only">Users</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Teams</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
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
            <td className="admin-role">{u.role}</td>
            <td>{u.teamIds.map((t) => teamName.get(t) ?? 'Unknown team').join(', ') || '—'}</td>
            <td>
              <span className={`badge ${u.active ? 'badge-open' : 'badge-pending'}`}>
                {u.active ? 'Active' : 'Deactivated'}
              </span>
            </td>
            <td>
              <button
                type="button"
                className="btn btn-quiet"
                onClick={() => onEdit(u)}
                aria-label={`Edit ${u.name}`}
              >
                Edit
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
