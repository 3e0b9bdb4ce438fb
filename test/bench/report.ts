import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { round } from './stats';

export interface Figure {
  value: number;
  unit: string;
}

/** A time in ms, to 0.1 ms. */
export const msFigure = (value: number): Figure => ({ value: round(value, 1), unit: 'ms' });

/** `value` over its floor `of`, to 0.01. */
export const ratioFigure = (value: number, of: number): Figure => ({
  value: round(value / of, 2),
  unit: '×',
});

/** One benchmark's entry in bench-results.json. */
export interface BenchResult {
  name: string;
  figures: Record<string, Figure>;
  /** Figure name → target, e.g. "≤ 15 ms". */
  targets?: Record<string, string>;
  notes?: string;
}

export interface BenchFile {
  date: string;
  cpus: number;
  chromium: string;
  /** Firefox's version when benchmark 1 ran there too. */
  firefox?: string;
  node: string;
  benchmarks: BenchResult[];
}

/** A plain-text table of every figure, with its target when there is one. */
export function formatTable(results: BenchResult[]): string {
  const rows: string[][] = [['benchmark', 'figure', 'value', 'target']];
  for (const r of results) {
    for (const [name, f] of Object.entries(r.figures)) {
      rows.push([r.name, name, `${f.value} ${f.unit}`, r.targets?.[name] ?? '']);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.slice(1).map(line),
  ].join('\n');
}

export function writeResults(
  file: string,
  browsers: { chromium: string; firefox?: string },
  results: BenchResult[],
): BenchFile {
  const out: BenchFile = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    ...browsers,
    node: process.version,
    benchmarks: results,
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  return out;
}
