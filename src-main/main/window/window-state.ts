import type { WindowBounds } from '../settings.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of a title bar that must be on a display for the agent to grab the window. */
const MIN_VISIBLE = 64;

/**
 * The saved bounds, unless the display they were on is gone (laptop undocked): then only the size is
 * kept and the OS centres the window, rather than opening it somewhere nobody can see.
 */
export function restorableBounds(
  saved: WindowBounds | null,
  workAreas: readonly Rect[],
): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  const fallback = { width: 1280, height: 800 };
  if (saved === null) return { bounds: fallback, maximized: false };
  const { x, y, width, height, maximized } = saved;
  const visible = workAreas.some(
    (area) =>
      overlap(x, width, area.x, area.width) >= MIN_VISIBLE &&
      y >= area.y &&
      y < area.y + area.height - MIN_VISIBLE / 2,
  );
  return { bounds: visible ? { x, y, width, height } : { width, height }, maximized };
}

function overlap(start: number, length: number, areaStart: number, areaLength: number): number {
  return Math.min(start + length, areaStart + areaLength) - Math.max(start, areaStart);
}
