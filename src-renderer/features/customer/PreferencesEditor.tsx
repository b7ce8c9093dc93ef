import { useState } from 'react';
import {
  PREFERENCES_MAX,
  PREFERENCE_TEXT_MAX,
  type CustomerPreferences,
} from '#shared/domain/customer.ts';
import { useTranslation } from '../../i18n/index.ts';

type ListKey = keyof CustomerPreferences;

/**
 * Two short lists, each edited in place: Enter adds what was typed, Esc clears it, each chip has a
 * remove button. Every change saves the whole object through customer.edit.
 */
export function PreferencesEditor({
  preferences,
  onSave,
}: {
  preferences: CustomerPreferences;
  onSave: (next: CustomerPreferences) => Promise<void>;
}) {
  const { t } = useTranslation('customer');
  const [error, setError] = useState<string | null>(null);
  const save = async (next: CustomerPreferences) => {
    try {
      await onSave(next);
      setError(null);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : t('preferences.saveFailed'));
      return false;
    }
  };
  return (
    <div className="cp-prefs">
      {(['likes', 'avoid'] as const).map((key) => (
        <PreferenceList
          key={key}
          list={key}
          items={preferences[key]}
          onAdd={async (text) => {
            if (preferences[key].includes(text)) return true;
            return save({ ...preferences, [key]: [...preferences[key], text] });
          }}
          onRemove={(text) =>
            void save({ ...preferences, [key]: preferences[key].filter((t) => t !== text) })
          }
        />
      ))}
      {error && (
        <p className="cp-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function PreferenceList({
  list,
  items,
  onAdd,
  onRemove,
}: {
  list: ListKey;
  items: readonly string[];
  onAdd: (text: string) => Promise<boolean>;
  onRemove: (text: string) => void;
}) {
  const { t } = useTranslation('customer');
  const [draft, setDraft] = useState('');
  const full = items.length >= PREFERENCES_MAX;
  const title = t(`preferences.${list}`);
  return (
    <div className="cp-pref-list" data-list={list}>
      <div className="cp-pref-title">{title}</div>
      <ul className="cp-chips" aria-label={title}>
        {items.map((item) => (
          <li key={item} className="cp-chip" data-list={list}>
            <span>{item}</span>
            <button
              type="button"
              className="cp-chip-remove"
              aria-label={t(`preferences.remove.${list}`, { text: item })}
              onClick={() => onRemove(item)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        className="cp-pref-input"
        aria-label={t(`preferences.add.${list}`)}
        placeholder={
          full
            ? t('preferences.full', { count: PREFERENCES_MAX })
            : t(`preferences.addPlaceholder.${list}`)
        }
        disabled={full}
        value={draft}
        maxLength={PREFERENCE_TEXT_MAX}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            setDraft('');
            e.currentTarget.blur();
          } else if (e.key === 'Enter') {
            e.preventDefault();
            const text = draft.trim();
            if (!text) return;
            void onAdd(text).then((ok) => ok && setDraft(''));
          }
        }}
      />
    </div>
  );
}
