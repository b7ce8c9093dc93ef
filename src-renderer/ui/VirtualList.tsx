import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  getKey: (item: T) => string;
  renderRow: (item: T, index: number) => ReactNode;
  /** Scrolled into view whenever it changes (keyboard navigation). */
  activeIndex: number;
  label: string;
  className?: string;
  multiselectable?: boolean;
  /** Told which rows are mounted, so the caller loads details for those only. */
  onRange?: (range: [number, number]) => void;
  /** Rows drawn beyond the viewport on each side, so fast scrolling shows no blank gap. */
  overscan?: number;
}

/**
 * A fixed-row-height list that mounts only the rows in view. The inbox can hold 100,000
 * conversations; the DOM holds a few dozen rows whatever the count.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  getKey,
  renderRow,
  activeIndex,
  label,
  className,
  multiselectable,
  onRange,
  overscan = 8,
}: VirtualListProps<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || activeIndex < 0) return;
    const top = activeIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = top + rowHeight - el.clientHeight;
  }, [activeIndex, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  useEffect(() => onRange?.([first, last]), [onRange, first, last]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i] as T;
    rows.push(
      <div
        key={getKey(item)}
        role="presentation"
        className="vrow"
        style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight }}
      >
        {renderRow(item, i)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      className={className}
      role="listbox"
      aria-label={label}
      aria-multiselectable={multiselectable}
      tabIndex={0}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <div role="presentation" className="vlist-space" style={{ height: items.length * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
