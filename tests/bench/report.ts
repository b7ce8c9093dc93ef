import { writeFile } from 'node:fs/promises';

/** One benchmark figure next to the raw limit it was measured against in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The raw baseline (e.g. a bare SQL read) measured in the same run, in the same unit. */
  limit: number;
  ratio: number;
  /** What `limit` is, in words. */
  against: string;
}

export function result(r: Omit<BenchResult, 'ratio'>): BenchResult {
  return { ...r, ratio: r.limit > 0 ? r.value / r.limit : 0 };
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2));

export function printTable(results: readonly BenchResult[]) {
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    `${fmt(r.limit)} ${r.unit}`,
    `${r.ratio.toFixed(2)}x`,
    r.against,
  ]);
  const head = ['benchmark', 'value', 'raw limit', 'ratio', 'measured against'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export async function writeJson(file: string, results: readonly BenchResult[]) {
  const out = results.map(({ name, value, unit, limit, ratio }) => ({
    name,
    value,
    unit,
    limit,
    ratio,
  }));
  await writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
}
