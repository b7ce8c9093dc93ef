import { useEffect, useRef, useState } from 'react';
import type { CallbackPromiseId } from '#shared/domain/callback.ts';
import { NOTE_MAX } from '#shared/domain/callback.ts';
import { dueTimeProblem } from '#shared/domain/callback-lifecycle.ts';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { Customer } from '#shared/domain/customer.ts';
import { resolveCallbackTime, type CallbackTimeInput } from '#shared/logic/callback-time.ts';
import { useAppStore } from '../../app/store.ts';
import { newId } from '../../data/ids.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { useNearbyPromises } from './queries.ts';
import { defaultWhen, WhenFields } from './WhenFields.tsx';
import { knownZone, myZone, whenLabel, zoneCity } from './zones.ts';
import { useTranslation } from '../../i18n/index.ts';

/**
 * "Promise a callback": a time or a window on the customer's clock, a note, and — before the
 * agent commits — what else they have promised around then (ARCHITECTURE §5: an honest promise
 * beats a fast one).
 */
export function PromiseDialog({
  conversation,
  customer,
  onClose,
}: {
  conversation: Conversation;
  customer: Customer | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation(['customer', 'common']);
  const ref = useRef<HTMLDialogElement>(null);
  const mutate = useMutate();
  const meId = useAppStore((s) => s.session?.user.id ?? '');
  const agentZone = myZone();
  const customerZone = knownZone(customer?.timezone);
  const zone = customerZone ?? agentZone;
  const [now] = useState(() => Date.now());
  const [when, setWhen] = useState<CallbackTimeInput>(() => defaultWhen(now, zone));
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const resolved = resolveCallbackTime(when, zone);
  const problem = resolved.ok ? dueTimeProblem(now, resolved.dueAt, resolved.windowEndAt) : null;
  const nearby = useNearbyPromises(
    meId,
    resolved.ok
      ? {
          dueAt: resolved.dueAt,
          ...(resolved.windowEndAt ? { windowEndAt: resolved.windowEndAt } : {}),
        }
      : null,
  );

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);

  async function submit() {
    if (!resolved.ok || problem) return;
    try {
      await mutate('callback.promise', {
        promiseId: newId() as CallbackPromiseId,
        conversationId: conversation.id,
        dueAt: resolved.dueAt,
        ...(resolved.windowEndAt !== undefined ? { windowEndAt: resolved.windowEndAt } : {}),
        note: note.trim(),
      });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : t('promise.saveFailed'));
    }
  }

  return (
    <dialog
      ref={ref}
      className="sheet promise-sheet"
      aria-labelledby="promise-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="promise-title">{t('promise.title')}</h2>
        <p className="pane-sub promise-to">
          {customerZone
            ? t('promise.toInCity', {
                name: customer?.name ?? t('common:theCustomer'),
                city: zoneCity(customerZone),
              })
            : t('promise.to', { name: customer?.name ?? t('common:theCustomer') })}
        </p>
        <WhenFields
          value={when}
          onChange={setWhen}
          zone={zone}
          customerZoneKnown={customerZone !== null}
          agentZone={agentZone}
          resolved={resolved}
          now={now}
        />
        {problem && <p className="cp-error">{problem}</p>}
        <label className="field promise-note">
          <span>{t('promise.note')}</span>
          <textarea
            className="cp-textarea"
            rows={2}
            maxLength={NOTE_MAX}
            placeholder={t('promise.notePlaceholder')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </label>
        <section className="promise-nearby" aria-label={t('promise.nearby')}>
          <div className="cp-subtitle">{t('promise.nearbyTitle')}</div>
          {nearby === undefined || nearby.length === 0 ? (
            <p className="cp-empty">{t('promise.nearbyNone')}</p>
          ) : (
            <ul className="cp-list">
              {nearby.map(({ promise: p, customerName }) => (
                <li key={p.id} className="cp-promise-line">
                  <span className="cp-dot cp-dot-scheduled" aria-hidden="true" />
                  <span className="cp-promise-when">
                    {whenLabel(p.dueAt, p.windowEndAt, agentZone)}
                  </span>
                  <span className="cp-promise-owner">{customerName}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        {error && (
          <p className="cp-error" role="alert">
            {error}
          </p>
        )}
        <div className="admin-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('common:cancel')}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!resolved.ok || problem !== null}
          >
            {t('promise.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
