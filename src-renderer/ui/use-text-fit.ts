import { useLayoutEffect, useState, type RefObject } from 'react';

/** How much of an element's text the reader sees. */
export type TextFit = 'whole' | 'cut' | 'hidden';

/**
 * Whether a single-line, ellipsis-styled element shows its whole text, cuts it off, or is not
 * displayed at all (e.g. a collapsed sidebar). Re-measured whenever the element's box changes, so
 * a tooltip can offer the full text exactly when it is needed.
 */
export function useTextFit(ref: RefObject<HTMLElement | null>, text: string | undefined): TextFit {
  const [fit, setFit] = useState<TextFit>('whole');
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () =>
      setFit(
        el.getClientRects().length === 0
          ? 'hidden'
          : el.scrollWidth > el.clientWidth
            ? 'cut'
            : 'whole',
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, text]);
  return fit;
}
