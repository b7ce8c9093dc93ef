import type { Highlighted } from '#shared/logic/search-text.ts';

/**
 * Renders matched ranges as <mark> around plain text nodes: customer text is never parsed as
 * markup, whatever it contains.
 */
export function Highlight({ text, ranges }: Highlighted) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end <= start || end > text.length) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}
