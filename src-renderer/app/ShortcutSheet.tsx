import { useEffect, useRef } from 'react';

const SHORTCUTS: Array<[string[], string]> = [
  [['j'], 'Next conversation'],
  [['k'], 'Previous conversation'],
  [['Enter'], 'Reply to the open conversation'],
  [['x'], 'Select for bulk actions'],
  [['a'], 'Assign to me'],
  [['e'], 'Resolve'],
  [['c'], 'Promise a callback (open conversation)'],
  [['Esc'], 'Clear the selection'],
  [['/'], 'Search customers and conversations'],
  [['g', 'i'], 'Go to the inbox (All open)'],
  [['Ctrl', 'Enter'], 'Send the reply or note'],
  [['?'], 'This sheet'],
];

/** The keyboard shortcut sheet: a modal dialog, closed with Esc or by clicking outside. */
export function ShortcutSheet({ onClose }: { onClose: () => void }) {
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
      <h2 id="shortcut-title">Keyboard shortcuts</h2>
      <dl className="shortcut-list">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} className="shortcut">
            <dt>
              {keys.map((k) => (
                <kbd key={k} className="kbd">
                  {k}
                </kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
