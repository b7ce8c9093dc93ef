export interface Suggestion {
  key: string;
  label: string;
  hint?: string;
}

/**
 * The pop-up list under the composer for @mentions and canned responses. Focus stays in the
 * textarea (it owns the arrow keys), so this is a listbox the textarea points at with
 * aria-activedescendant.
 */
export function Suggestions({
  id,
  label,
  items,
  active,
  onPick,
}: {
  id: string;
  label: string;
  items: Suggestion[];
  active: number;
  onPick: (index: number) => void;
}) {
  if (items.length === 0) return null;
  return (
    <ul id={id} role="listbox" aria-label={label} className="suggestions">
      {items.map((item, i) => (
        <li
          key={item.key}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className="suggestion"
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(i);
          }}
        >
          <span className="suggestion-label">{item.label}</span>
          {item.hint && <span className="suggestion-hint">{item.hint}</span>}
        </li>
      ))}
    </ul>
  );
}
