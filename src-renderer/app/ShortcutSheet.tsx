import { useEffect, useRef } from 'react';
import { useTranslation } from '../i18n/index.ts';

/** A key printed as a character, or a named key whose cap the language labels ("Strg", "Échap"). */
type Key = string | { cap: 'ctrl' | 'enter' | 'esc' };
type Shortcut =
  | 'next'
  | 'previous'
  | 'reply'
  | 'select'
  | 'assignToMe'
  | 'resolve'
  | 'promise'
  | 'clearSelection'
  | 'search'
  | 'inbox'
  | 'send'
  | 'sheet';

const SHORTCUTS: Array<[Key[], Shortcut]> = [
  [['j'], 'next'],
  [['k'], 'previous'],
  [[{ cap: 'enter' }], 'reply'],
  [['x'], 'select'],
  [['a'], 'assignToMe'],
  [['e'], 'resolve'],
  [['c'], 'promise'],
  [[{ cap: 'esc' }], 'clearSelection'],
  [['/'], 'search'],
  [['g', 'i'], 'inbox'],
  [[{ cap: 'ctrl' }, { cap: 'enter' }], 'send'],
  [['?'], 'sheet'],
];

/** The keyboard shortcut sheet: a modal dialog, closed with Esc or by clicking outside. */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation(['app', 'common']);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="sheet"
      aria-labelledby="shortcut-title"
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <h2 id="shortcut-title">{t('shortcuts.title')}</h2>
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} className="shortcut">
            <dt>
              {keys.map((k) => {
                const label = typeof k === 'string' ? k : t(`common:key.${k.cap}`);
                return (
                  <kbd key={label} className="kbd">
                    {label}
                  </kbd>
                );
              })}
            </dt>
            <dd>{t(`shortcuts.${what}`)}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
