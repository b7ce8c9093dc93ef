import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  key: string;
  label: ReactNode;
  /** Shown dimmed and marked current. */
  current?: boolean;
  onSelect: () => void;
}

interface MenuProps {
  label: string;
  /** What the button shows; `label` names it for assistive technology. */
  button: ReactNode;
  items: MenuItem[];
  /** Extra content below the items (e.g. a custom date field). */
  footer?: (close: () => void) => ReactNode;
}

/** A button with a popup menu: arrow keys move, Enter picks, Esc or a click outside closes. */
export function Menu({ label, button, items, footer }: MenuProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const id = useId();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => window.removeEventListener('mousedown', onDown);
  }, [open]);

  const focusItem = (i: number) => {
    const n = (i + items.length) % items.length;
    setActive(n);
    list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[n]?.focus();
  };

  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="btn btn-quiet"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setActive(0);
          setOpen((o) => !o);
        }}
      >
        {/* Named by what it shows, prefixed for screen readers: "Status: Open". */}
        <span className="sr-only">{label}: </span>
        {button}
      </button>
      {open && (
        <div
          id={id}
          ref={list}
          role="menu"
          aria-label={label}
          className="menu-popup"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              setOpen(false);
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              focusItem(active + 1);
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              focusItem(active - 1);
            }
          }}
        >
          {items.map((item, i) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              className="menu-item"
              aria-current={item.current || undefined}
              tabIndex={i === active ? 0 : -1}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
          {footer?.(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}
