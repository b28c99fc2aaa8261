/** Writes benchmark figures to bench/results/latest.json and latest.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. ">= 20000" or "< 150". */
  target: string;
}

export function meets(f: Figure): boolean {
  const m = /^(>=|<=|<|>)\s*([\d.]+)$/.exec(f.target);
  if (!m) return true;
  const t = Number(m[2]);
  return m[1] === '>=' ? f.value >= t : m[1] === '>' ? f.value > t : m[1] === '<=' ? f.value <= t : f.value < t;
}

export function writeReport(figures: Figure[], dir = join(process.cwd(), 'bench', 'results')): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);
  const rows = figures.map((f) => `| ${f.name} | ${f.value} | ${f.unit} | ${f.target} | ${meets(f) ? 'yes' : '**no**'} |`);
  writeFileSync(
    join(dir, 'latest.md'),
    ['| name | value | unit | target | met |', '|---|---|---|---|---|', ...rows, ''].join('\n'),
  );
}

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
