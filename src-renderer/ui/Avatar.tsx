import { initials } from './format.ts';

const HUES = [250, 210, 160, 28, 340, 190, 280, 120];

/** A stable colour per person, derived from their id, so the same customer always looks the same. */
function hueFor(seed: string): number {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return HUES[h % HUES.length] ?? 250;
}

export function Avatar({ name, seed, size = 28 }: { name: string; seed: string; size?: number }) {
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: Math.round(size * 0.38),
        // Dark enough for white initials to meet WCAG AA contrast on every hue.
        background: `hsl(${hueFor(seed)} 55% 33%)`,
      }}
    >
      {initials(name)}
    </span>
  );
}
