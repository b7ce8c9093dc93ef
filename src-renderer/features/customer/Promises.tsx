import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CallbackPromise } from '#shared/domain/callback.ts';
import { NOTE_MAX } from '#shared/domain/callback.ts';
import { dueTimeProblem } from '#shared/domain/callback-lifecycle.ts';
import type { Agent, SessionUser } from '#shared/domain/user.ts';
import { resolveCallbackTime, type CallbackTimeInput } from '#shared/logic/callback-time.ts';
import { groupPromises, promiseDeadline } from '#shared/logic/customer-insights.ts';
import { inputValuesAt } from '#shared/logic/zoned-time.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { WhenFields } from './WhenFields.tsx';
import { dayAndTime, whenLabel, zoneCity } from './zones.ts';
import { useTranslation } from '../../i18n/index.ts';

const SETTLED_SHOWN = 3;

/** Esc inside an inline form closes it without letting the key reach the workspace. */
const escapeCloses = (close: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    close();
  }
};

export function Promises({
  promises,
  agents,
  me,
  customerZone,
  agentZone,
  now,
}: {
  promises: readonly CallbackPromise[];
  agents: ReadonlyMap<string, Agent>;
  me: SessionUser;
  customerZone: string | null;
  agentZone: string;
  now: number;
}) {
  const { t } = useTranslation('customer');
  const g = groupPromises(promises);
  const ownerName = (p: CallbackPromise) =>
    p.ownerId === me.id
      ? t('promises.you')
      : (agents.get(p.ownerId)?.name ?? t('promises.colleague'));
  // An agent changes their own promises; leads and admins may act for someone away.
  const mayChange = (p: CallbackPromise) => p.ownerId === me.id || me.role !== 'agent';
  return (
    <div className="cp-promises">
      {g.open.length === 0 && <p className="cp-empty">{t('promises.none')}</p>}
      {g.open.length > 0 && (
        <ul className="cp-list" aria-label={t('promises.openList')}>
          {g.open.map((p) => (
            <OpenPromise
              key={p.id}
              promise={p}
              owner={ownerName(p)}
              mayChange={mayChange(p)}
              customerZone={p.timezone ?? customerZone}
              agentZone={agentZone}
              now={now}
            />
          ))}
        </ul>
      )}
      <Settled state="kept" list={g.kept} owner={ownerName} zone={agentZone} />
      <Settled state="missed" list={g.missed} owner={ownerName} zone={agentZone} />
      <Settled state="cancelled" list={g.cancelled} owner={ownerName} zone={agentZone} />
    </div>
  );
}

function Settled({
  state,
  list,
  owner,
  zone,
}: {
  state: 'kept' | 'missed' | 'cancelled';
  list: CallbackPromise[];
  owner: (p: CallbackPromise) => string;
  zone: string;
}) {
  const { t } = useTranslation('customer');
  const [all, setAll] = useState(false);
  if (list.length === 0) return null;
  const shown = all ? list : list.slice(0, SETTLED_SHOWN);
  return (
    <div className="cp-settled" data-state={state}>
      <div className="cp-subtitle">
        {t(`promises.settled.${state}`)} <span className="cp-count">{list.length}</span>
      </div>
      <ul className="cp-list" aria-label={t(`promises.settledList.${state}`)}>
        {shown.map((p) => (
          <li key={p.id} className="cp-promise" data-status={p.status}>
            <div className="cp-promise-line">
              <span className={`cp-dot cp-dot-${p.status}`} aria-hidden="true" />
              <span className="cp-promise-when">{whenLabel(p.dueAt, p.windowEndAt, zone)}</span>
              <span className="cp-promise-owner">{owner(p)}</span>
            </div>
            {p.note && <div className="cp-promise-note">{p.note}</div>}
          </li>
        ))}
      </ul>
      {list.length > SETTLED_SHOWN && (
        <button type="button" className="cp-link" onClick={() => setAll(!all)}>
          {all ? t('promises.showFewer') : t('promises.showAll', { count: list.length })}
        </button>
      )}
    </div>
  );
}

type Editing = 'none' | 'reschedule' | 'cancel';

function OpenPromise({
  promise: p,
  owner,
  mayChange,
  customerZone,
  agentZone,
  now,
}: {
  promise: CallbackPromise;
  owner: string;
  mayChange: boolean;
  customerZone: string | null;
  agentZone: string;
  now: number;
}) {
  const { t } = useTranslation('customer');
  const mutate = useMutate();
  const [editing, setEditing] = useState<Editing>('none');
  const [error, setError] = useState<string | null>(null);
  const overdue = promiseDeadline(p) < now;
  const due = !overdue && p.dueAt <= now;
  const run = async (work: () => Promise<void>) => {
    try {
      await work();
      setEditing('none');
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : t('promises.saveFailed'));
    }
  };
  const id = p.id;
  return (
    <li className="cp-promise" data-status="open" data-overdue={overdue || undefined}>
      <div className="cp-promise-line">
        <span className="cp-dot cp-dot-scheduled" aria-hidden="true" />
        <span className="cp-promise-when">
          {customerZone
            ? whenLabel(p.dueAt, p.windowEndAt, customerZone)
            : whenLabel(p.dueAt, p.windowEndAt, agentZone)}
          {customerZone && <span className="cp-zone"> {zoneCity(customerZone)}</span>}
        </span>
        {overdue && <span className="badge badge-urgent">{t('promises.overdue')}</span>}
        {due && <span className="badge badge-high">{t('promises.due')}</span>}
      </div>
      {customerZone && customerZone !== agentZone && (
        <div className="cp-promise-sub">
          {t('promises.yours', { when: whenLabel(p.dueAt, p.windowEndAt, agentZone) })}
        </div>
      )}
      <div className="cp-promise-sub">
        {p.note ? t('promises.promisedNote', { owner }) : t('promises.promised', { owner })}{' '}
        {p.note && <span className="cp-promise-note-inline">{p.note}</span>}
      </div>
      {error && (
        <p className="cp-error" role="alert">
          {error}
        </p>
      )}
      {mayChange && editing === 'none' && (
        <div className="cp-promise-actions">
          <button
            type="button"
            className="cp-action"
            onClick={() => void run(() => mutate('callback.complete', { promiseId: id }))}
          >
            {t('promises.complete')}
          </button>
          <button type="button" className="cp-action" onClick={() => setEditing('reschedule')}>
            {t('promises.reschedule')}
          </button>
          <button type="button" className="cp-action" onClick={() => setEditing('cancel')}>
            {t('promises.cancel')}
          </button>
        </div>
      )}
      {editing === 'cancel' && (
        <ReasonForm
          label={t('promises.cancelReason')}
          submit={t('promises.cancelPromise')}
          onClose={() => setEditing('none')}
          onSubmit={(reason) => run(() => mutate('callback.cancel', { promiseId: id, reason }))}
        />
      )}
      {editing === 'reschedule' && (
        <RescheduleForm
          promise={p}
          zone={customerZone ?? agentZone}
          customerZoneKnown={customerZone !== null}
          agentZone={agentZone}
          now={now}
          onClose={() => setEditing('none')}
          onSubmit={(dueAt, windowEndAt, reason) =>
            run(() =>
              mutate('callback.reschedule', {
                promiseId: id,
                dueAt,
                ...(windowEndAt !== undefined ? { windowEndAt } : {}),
                reason,
              }),
            )
          }
        />
      )}
    </li>
  );
}

function InlineForm({
  label,
  onClose,
  onSubmit,
  children,
}: {
  label: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="cp-inline-form"
      aria-label={label}
      onKeyDown={escapeCloses(onClose)}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

function ReasonForm({
  label,
  submit,
  onClose,
  onSubmit,
}: {
  label: string;
  submit: string;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const { t } = useTranslation('customer');
  const [reason, setReason] = useState('');
  return (
    <InlineForm
      label={label}
      onClose={onClose}
      onSubmit={() => reason.trim() && void onSubmit(reason.trim())}
    >
      <input
        className="input input-small"
        aria-label={label}
        placeholder={label}
        autoFocus
        maxLength={NOTE_MAX}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="cp-edit-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('promises.keep')}
        </button>
        <button type="submit" className="btn btn-primary btn-small" disabled={!reason.trim()}>
          {submit}
        </button>
      </div>
    </InlineForm>
  );
}

function RescheduleForm({
  promise: p,
  zone,
  customerZoneKnown,
  agentZone,
  now,
  onClose,
  onSubmit,
}: {
  promise: CallbackPromise;
  zone: string;
  customerZoneKnown: boolean;
  agentZone: string;
  now: number;
  onClose: () => void;
  onSubmit: (dueAt: number, windowEndAt: number | undefined, reason: string) => Promise<void>;
}) {
  const { t } = useTranslation('customer');
  const [when, setWhen] = useState<CallbackTimeInput>(() => {
    const start = inputValuesAt(p.dueAt, zone);
    const end = p.windowEndAt !== null ? inputValuesAt(p.windowEndAt, zone) : null;
    return {
      mode: end ? 'window' : 'time',
      date: start.date,
      time: start.time,
      endTime: end?.time ?? start.time,
    };
  });
  const [reason, setReason] = useState('');
  const resolved = resolveCallbackTime(when, zone);
  const problem = resolved.ok ? dueTimeProblem(now, resolved.dueAt, resolved.windowEndAt) : null;
  const ready = resolved.ok && !problem && reason.trim().length > 0;
  return (
    <InlineForm
      label={t('promises.rescheduleForm')}
      onClose={onClose}
      onSubmit={() => {
        if (ready && resolved.ok)
          void onSubmit(resolved.dueAt, resolved.windowEndAt, reason.trim());
      }}
    >
      <WhenFields
        value={when}
        onChange={setWhen}
        zone={zone}
        customerZoneKnown={customerZoneKnown}
        agentZone={agentZone}
        resolved={resolved}
        now={now}
      />
      {problem && <p className="cp-error">{problem}</p>}
      <input
        className="input input-small"
        aria-label={t('promises.moveReason')}
        placeholder={t('promises.moveReason')}
        maxLength={NOTE_MAX}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <div className="cp-edit-actions">
        <span className="cp-hint">
          {t('promises.was', { when: dayAndTime(p.dueAt, agentZone) })}
        </span>
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('promises.keep')}
        </button>
        <button type="submit" className="btn btn-primary btn-small" disabled={!ready}>
          {t('promises.reschedule')}
        </button>
      </div>
    </InlineForm>
  );
}
