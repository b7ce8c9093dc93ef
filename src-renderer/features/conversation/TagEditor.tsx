import { useState } from 'react';
import { useTranslation } from '../../i18n/index.ts';

/** Tags as removable chips plus a small field: Enter or comma adds, Backspace on empty removes. */
export function TagEditor({
  tags,
  onChange,
}: {
  tags: readonly string[];
  onChange: (tags: string[]) => void;
}) {
  const { t } = useTranslation('conversation');
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft
      .trim()
      .toLowerCase()
      .replace(/[\s,]+/g, '-');
    setDraft('');
    if (tag && !tags.includes(tag)) onChange([...tags, tag]);
  };
  return (
    <div className="tags" aria-label={t('tags.label')} role="group">
      {tags.map((tag) => (
        <span key={tag} className="tag">
          {tag}
          <button
            type="button"
            className="tag-remove"
            aria-label={t('tags.remove', { tag })}
            onClick={() => onChange(tags.filter((x) => x !== tag))}
          >
            ×
          </button>
        </span>
      ))}
      <input
        className="tag-input"
        aria-label={t('tags.add')}
        placeholder={t('tags.placeholder')}
        maxLength={40}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && draft === '' && tags.length > 0) {
            onChange(tags.slice(0, -1));
          }
        }}
        onBlur={add}
      />
    </div>
  );
}
