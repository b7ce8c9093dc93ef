import { useState, type KeyboardEvent } from 'react';
import { LIMITS } from '#shared/domain/limits.ts';
import { Trans, useTranslation } from '../../i18n/index.ts';

/**
 * Notes shown as text; Edit (or Enter on the text) turns them into a field. Ctrl/⌘+Enter or Save
 * keeps the change, Esc or Cancel drops it. The text is the customer's record: React text only.
 */
export function NotesEditor({
  notes,
  onSave,
}: {
  notes: string;
  onSave: (notes: string) => Promise<void>;
}) {
  const { t } = useTranslation(['customer', 'common']);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    if (draft === null) return;
    try {
      if (draft !== notes) await onSave(draft);
      setDraft(null);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : t('notes.saveFailed'));
    }
  }
  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setDraft(null);
      setError(null);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  }

  if (draft !== null) {
    return (
      <div className="cp-edit">
        <textarea
          className="cp-textarea"
          aria-label={t('notes.label')}
          value={draft}
          maxLength={LIMITS.text}
          rows={4}
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {error && (
          <p className="cp-error" role="alert">
            {error}
          </p>
        )}
        <div className="cp-edit-actions">
          <span className="cp-hint">
            <Trans t={t} i18nKey="notes.hint" components={{ kbd: <kbd className="kbd" /> }} />
          </span>
          <button type="button" className="btn btn-ghost" onClick={() => setDraft(null)}>
            {t('common:cancel')}
          </button>
          <button type="button" className="btn btn-primary btn-small" onClick={() => void save()}>
            {t('notes.save')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="cp-notes-row">
      {notes.trim() ? (
        <p className="cp-notes">{notes}</p>
      ) : (
        <p className="cp-empty">{t('notes.empty')}</p>
      )}
      <button
        type="button"
        className="cp-link"
        aria-label={t('notes.edit')}
        onClick={() => setDraft(notes)}
      >
        {t('common:edit')}
      </button>
    </div>
  );
}
