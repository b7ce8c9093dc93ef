import { useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { MessageId, TeamId, UserId } from '#shared/logic/ids.ts';
import { useDb } from '../../data/db-context.tsx';
import { newId } from '../../data/ids.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { Avatar } from '../../ui/Avatar.tsx';
import { useTranslation } from '../../i18n/index.ts';

/**
 * Assign within the team or transfer to another one, with an optional handoff note that the next
 * agent finds pinned at the top of the thread. A note makes it one `conversation.handoff`.
 */
export function AssignDialog({
  conversation: c,
  onClose,
}: {
  conversation: Conversation;
  onClose: () => void;
}) {
  const { t } = useTranslation(['conversation', 'common']);
  const db = useDb();
  const mutate = useMutate();
  const ref = useRef<HTMLDialogElement>(null);
  const teams = useLiveQuery(() => db.teams.toArray(), [db]) ?? [];
  const agents = useLiveQuery(() => db.agents.toArray(), [db]);
  const [teamId, setTeamId] = useState<TeamId>(c.teamId);
  const [assigneeId, setAssigneeId] = useState<UserId | null>(
    c.teamId === teamId ? c.assigneeId : null,
  );
  const [note, setNote] = useState('');
  const members = useMemo(
    () =>
      (agents ?? [])
        .filter((a) => a.active && a.teamIds.includes(teamId))
        .sort((a, b) => a.name.localeCompare(b.name)),
    [agents, teamId],
  );

  useEffect(() => {
    const dialog = ref.current;
    dialog?.showModal();
    return () => dialog?.close();
  }, []);

  const transfer = teamId !== c.teamId;
  const unchanged = !transfer && assigneeId === c.assigneeId && note.trim() === '';

  return (
    <dialog ref={ref} className="sheet assign" aria-labelledby="assign-title" onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (unchanged) return onClose();
          const base = {
            conversationId: c.id,
            assigneeId,
            ...(transfer ? { teamId } : {}),
          };
          void (note.trim()
            ? mutate('conversation.handoff', {
                ...base,
                noteId: newId() as MessageId,
                note: note.trim(),
              })
            : mutate('conversation.assign', base));
          onClose();
        }}
      >
        <h2 id="assign-title">{transfer ? t('assign.transferTitle') : t('assign.assignTitle')}</h2>
        <label className="field">
          <span>{t('assign.team')}</span>
          <select
            className="input"
            value={teamId}
            onChange={(e) => {
              setTeamId(e.target.value as TeamId);
              setAssigneeId(null);
            }}
          >
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.id === c.teamId ? t('assign.currentTeam', { name: team.name }) : team.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="assignees">
          <legend>{t('assign.agent')}</legend>
          <label className="assignee">
            <input
              type="radio"
              name="assignee"
              checked={assigneeId === null}
              onChange={() => setAssigneeId(null)}
            />
            <span className="assignee-none" aria-hidden="true" />
            <span>{t('assign.nobody')}</span>
          </label>
          {members.map((a) => (
            <label key={a.id} className="assignee">
              <input
                type="radio"
                name="assignee"
                checked={assigneeId === a.id}
                onChange={() => setAssigneeId(a.id)}
              />
              <Avatar name={a.name} seed={a.id} size={20} />
              <span>{a.name}</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('assign.note')}</span>
          <textarea
            className="input"
            rows={3}
            maxLength={10_000}
            placeholder={t('assign.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <div className="admin-actions">
          <button type="button" className="btn btn-quiet" onClick={onClose}>
            {t('common:cancel')}
          </button>
          <button type="submit" className="btn btn-primary">
            {transfer ? t('assign.transfer') : t('assign.assign')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
